// A throwaway certificate authority for tests over HTTPS (tls.test.mjs and the browser tests'
// HTTPS run): a CA and server certificates for 127.0.0.1/localhost, made with the openssl
// command (Debian's openssl package) in a test's own directory.
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function openssl(args, cwd) {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** The base64 SHA-256 of a certificate's SubjectPublicKeyInfo (what Chromium's
 *  --ignore-certificate-errors-spki-list takes). */
function spkiOf(file) {
  const der = new X509Certificate(readFileSync(file)).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/** A CA in dir (ca.pem, ca.key).  Returns { dir, caFile, ca (PEM text), spki (the CA's), issue }. */
export function makeCA(dir) {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
    "-out", "ca.pem", "-days", "2", "-subj", "/CN=suido test CA"], dir);
  writeFileSync(join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  const caFile = join(dir, "ca.pem");
  return {
    dir, caFile, ca: readFileSync(caFile, "utf8"), spki: spkiOf(caFile),
    /** A server certificate with this serial (hex), signed by the CA: { cert, key } file names
     *  (name.pem, name.key) and its spki. */
    issue(name, serial) {
      openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`,
        "-out", `${name}.csr`, "-subj", "/CN=127.0.0.1"], dir);
      openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", `0x${serial}`,
        "-days", "2", "-extfile", "server.ext", "-out", `${name}.pem`], dir);
      const cert = join(dir, `${name}.pem`), key = join(dir, `${name}.key`);
      return { cert, key, spki: spkiOf(cert) };
    },
  };
}
