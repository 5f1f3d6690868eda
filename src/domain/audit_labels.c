/* audit_labels — see audit_labels.h. */
#include "domain/audit_labels.h"

#include <stddef.h>
#include <string.h>

typedef struct label {
    const char *code, *ja;
} label;

static const label ACTIONS[] = {
    {"application.convert", "ウェブ申込の受付"}, {"application.reject", "ウェブ申込の却下"},
    {"application.view", "ウェブ申込の閲覧"}, {"approval.approve", "承認"}, {"approval.reject", "却下"},
    {"approval.request", "承認の依頼"}, {"arrears.customer", "お客様の滞納の閲覧"},
    {"arrears.export", "滞納整理簿の出力"}, {"arrears.view", "滞納整理簿の閲覧"}, {"audit.search", "監査ログの検索"}, {"auth.login", "ログイン"},
    {"auth.login_failed", "ログイン失敗"}, {"auth.logout", "ログアウト"}, {"backup.run", "バックアップ"},
    {"bank.import", "金融機関マスタの取込"},
    {"bank.seed", "金融機関マスタへの追加（デモ）"},
    {"bill.correct", "調定の更正"}, {"bill.final", "中止精算"}, {"bill.leak", "漏水減免"},
    {"bill.period_confirm", "長い使用期間の確認"}, {"bill.run", "調定処理"}, {"bill.view", "調定の閲覧"},
    {"contact.add", "対応履歴の記録"}, {"contact.mail_checked", "送付先の確認"}, {"contact.view", "対応履歴の閲覧"},
    {"credit.setoff", "過誤納の充当"}, {"customer.export", "お客様一覧の出力"}, {"customer.search", "お客様検索"},
    {"customer.update", "お客様情報の変更"}, {"customer.view", "お客様カルテの閲覧"}, {"db.compact", "データベースの最適化"}, {"debit.export", "口座振替依頼"},
    {"debit.import", "口座振替結果の取込"}, {"demo.generate", "デモ市の作成"}, {"device.issue", "端末の登録"},
    {"device.revoke", "端末の取消"}, {"dunning.print", "督促・催告の通知の印刷"}, {"dunning.run", "督促・催告の処理"},
    {"key.rotate", "暗号鍵の更新"}, {"late_charge.pay", "延滞金・督促手数料の入金"},
    {"late_charge.waive", "延滞金・督促手数料の減免"}, {"late_charge.slip", "延滞金・督促手数料の納付書"}, {"limitation.export", "時効管理の出力"}, {"limitation.invoke", "時効の援用の記録"},
    {"limitation.view", "時効管理の閲覧"}, {"limitation.waive", "債権放棄の記録"}, {"mandate.add", "口座振替の登録"},
    {"mandate.end", "口座振替の終了"}, {"mandate.view", "口座振替の閲覧"}, {"meter.add", "メーターの登録"},
    {"meter.install", "メーターの設置"}, {"meter.replace", "メーターの取替"}, {"meter.replace_order", "メーター取替指示書の印刷"},
    {"meter.receive", "メーターの庫入"}, {"meter.issue", "メーターの庫出（貸出）"}, {"meter.return", "メーターの返却"},
    {"meter.move", "メーターの修理・検定・廃棄"}, {"meter.order", "メーターの発注"}, {"meter.reorder", "メーターの発注点の設定"},
    {"meter.stocktake", "メーターの棚卸"}, {"meter.stocktake.approve", "メーター棚卸の承認"},
    {"meter.stocktake.reject", "メーター棚卸の差戻し"},
    {"payment.counter", "窓口収納"}, {"payment.import", "収納データの取込"}, {"payment.post", "入金の計上"},
    {"payment.resolve", "未消込の消込"}, {"payment.reverse", "入金の取消"}, {"reading.confirm", "検針の確定"},
    {"reading.estimate", "使用水量の認定"}, {"reading.import", "検針データの取込"}, {"reading.note", "検針員へのメモ"},
    {"reading.record", "検針の入力"}, {"reading.reject_resolve", "取込除外行の処理"}, {"reading.reread", "再検針の依頼"},
    {"reading.schedule", "検針予定の作成"}, {"receipt.view", "領収書の発行"}, {"reception.cancel", "受付の取消"},
    {"reception.form.view", "受付画面の閲覧"}, {"reception.held.view", "指針確認待ちの中止の閲覧"},
    {"reception.stop.final", "中止の精算（保留した指針の確定後）"},
    {"report.daily", "収納日計表"}, {"report.journal", "仕訳"}, {"route.save", "検針区の登録"},
    {"slip.print", "納付書の印刷"}, {"slip.reissue", "納付書の再発行"}, {"stats.export", "統計の出力"}, {"stoppage.issue", "給水停止作業の発行"},
    {"stoppage.reopen", "給水停止の解除（再開栓）作業"}, {"stoppage.result", "給水停止・解除の作業結果"},
    {"sewer.export", "他市町下水データの作成"}, {"tap.create", "水栓の登録"},
    {"tap.sewer_basis", "汚水量の認定方法"}, {"tap.sewer_deduction", "汚水量の減量"},
    {"tap.stop_exempt", "給水停止の除外の指定"}, {"tap.update", "水栓情報の変更"},
    {"tariff.load", "料金表の登録"}, {"user.add", "職員の登録"}, {"user.disable", "職員の停止"},
    {"user.enable", "職員の再開"}, {"user.name", "職員の氏名の設定"}, {"user.password", "パスワードの設定"},
    {"user.password_change", "パスワードの変更"},
    {"user.password_reset", "パスワードの初期化"}, {"user.role", "権限の変更"}, {"user.unlock", "ロックの解除"},
    {"workorder.done", "作業の完了"}, {"workorder.list.view", "作業一覧の閲覧"}, {"works.contractor.designated", "指定工事事業者の指定"},
    {"works.contractor.edited", "指定工事事業者の変更"}, {"works.contractor.engineer_added", "主任技術者の登録"},
    {"works.contractor.engineer_removed", "主任技術者の削除"}, {"works.contractor.export", "指定工事事業者一覧の出力"},
    {"works.contractor.reinstated", "指定停止の解除"}, {"works.contractor.renewed", "指定の更新"},
    {"works.contractor.revoked", "指定の取消"}, {"works.contractor.suspended", "指定の停止"},
    {"works.contractor.view", "指定工事事業者の閲覧"}, {"writeoff.approve", "不納欠損の承認"},
    {"writeoff.propose", "不納欠損の起案"}, {"writeoff.reject", "不納欠損の却下"},
    {"works.application.create", "工事申込の受付"}, {"works.application.view", "工事申込の閲覧"},
    {"works.application.step", "工事申込の手続き"}, {"works.application.attach", "工事申込への添付"},
    {"works.attachment.view", "工事申込の添付ファイルの閲覧"}, {"works.place.match", "工事申込の給水場所の照合"},
    {"works.document.issue", "工事書類の発行"},
    {"works.receipt.counter", "工事の窓口入金"}, {"works.receipt.allocate", "未消込の工事申込への消込"},
    {"works.application.settle", "工事申込の精算（変更・取消）"}, {"works.settlement.view", "工事申込の精算の閲覧"},
};

static const label KEYS[] = {
    {"old", "旧メーター"}, {"old_final", "旧メーターの取外し指針"}, {"new", "新メーター"}, {"start", "取付指針"},
    {"flush_m3", "試験通水量"}, {"diameter", "口径"}, {"diameter_from", "変更前の口径"}, {"diameter_to", "変更後の口径"},
    {"diameter_confirmed", "口径変更の確認"}, {"maker", "メーカー"}, {"lot", "製造ロット"},
    {"q", "検索語"}, {"hits", "表示件数"}, {"total", "該当件数"}, {"read_on", "検針日"}, {"value", "指針"},
    {"usage", "使用水量"}, {"cause", "認定の理由"}, {"rule", "認定の方法"}, {"reason", "理由"}, {"reading", "検針番号"},
    {"amount", "金額"}, {"bill", "調定番号"}, {"bill_id", "調定番号"}, {"payment", "入金番号"}, {"receipt", "領収書番号"},
    {"cycle", "検針周期"}, {"note", "備考"}, {"before", "変更前"}, {"after", "変更後"}, {"name", "氏名"},
    {"kana", "カナ氏名"}, {"phone", "電話番号"}, {"address", "住所"}, {"tap_no", "水栓番号"}, {"role", "権限"},
    {"username", "職員"}, {"file", "ファイル"}, {"rows", "行数"}, {"records", "件数"}, {"status", "状態"},
    {"kind", "種類"}, {"summary", "内容"}, {"leak_m3", "減免水量"}, {"old_total", "更正前の請求額"},
    {"new_total", "更正後の請求額"}, {"channel", "経路"}, {"date", "日付"}, {"billed", "調定件数"},
    {"skipped", "保留・対象外"}, {"contact", "対応番号"}, {"customer", "お客様番号"},
    {"summary_chars", "内容の文字数"}, {"mail_doubtful_since", "郵便不着の日時"}, {"mail_doubtful_new", "新たに送付先要確認"},
    {"doubtful_since", "郵便不着の日時"}, {"day", "日付"}, {"to", "終わりの日"}, {"orders", "作業件数"},
    {"area", "町丁目"}, {"route", "検針区"}, {"amount_min", "滞納額（から）"}, {"amount_max", "滞納額（まで）"},
    {"age", "経過月数（以上）"}, {"method", "支払方法"}, {"view", "表示単位"}, {"sort", "並び順"}, {"page", "ページ"},
    {"bills", "調定件数"}, {"format", "形式"}, {"work_order", "作業番号"}, {"by", "契機"}, {"due_on", "作業日"}, {"urgent", "至急"},
    {"owed", "未納額"}, {"stop_on", "給水停止予定日"}, {"result", "作業結果"}, {"on", "日付"},
    {"sensitive", "医療・福祉施設"}, {"welfare", "福祉対象"}, {"sensitive_was", "医療・福祉施設（変更前）"},
    {"welfare_was", "福祉対象（変更前）"},
    {"service", "料金の種類"}, {"months", "月数"}, {"how", "方法"}, {"barred_from", "時効完成日"}, {"approval", "承認依頼番号"},
    {"batch", "送付回"}, {"again", "再作成"}, {"cancels", "取消件数"}, {"sha256", "ファイルのハッシュ値"},
};

static const char *find(const label *t, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return t[i].ja;
    return NULL;
}

const char *audit_action_label(const char *action)
{
    return find(ACTIONS, sizeof ACTIONS / sizeof ACTIONS[0], action);
}

const char *audit_key_label(const char *key)
{
    return find(KEYS, sizeof KEYS / sizeof KEYS[0], key);
}
