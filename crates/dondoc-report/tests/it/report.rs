//! The report's document, as an outline of its blocks: a hand-checked snapshot of the
//! Vietnamese wording (diacritics, en dashes, punctuation of list items).

use dondoc_report::document::{Block, DocumentKind};

use crate::fixtures::report_document;

fn outline() -> String {
    let doc = report_document();
    let mut out = String::new();
    for b in &doc.body {
        let line = match b {
            Block::Heading { label, text, .. } => format!("# {label} {text}"),
            Block::Paragraph(t) => format!("¶ {t}"),
            Block::Bullet { marker, text } => format!("{} {text}", marker.as_str()),
            Block::Table(t) => format!(
                "[{}: {} | {} rows]",
                t.title,
                t.columns
                    .iter()
                    .map(|c| c.header.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                t.rows.len()
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn report_document_outline() {
    let doc = report_document();
    assert_eq!(doc.kind, DocumentKind::BaoCao);
    assert_eq!(doc.subject, "Kết quả thực hiện nhiệm vụ quý III/2026");
    let expected = "\
# I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ
# 1. Tình hình chung
¶ Tính đến ngày 14/09/2026, tổng số nhiệm vụ được giao là 31 nhiệm vụ, trong đó:
- Đã hoàn thành đúng hạn: 18 nhiệm vụ, chiếm 58,1%;
- Đã hoàn thành quá hạn: 2 nhiệm vụ, chiếm 6,5%;
- Chưa hoàn thành – trong hạn: 7 nhiệm vụ, chiếm 22,6%;
- Chưa hoàn thành – quá hạn: 4 nhiệm vụ, chiếm 12,9%.
¶ Tỷ lệ nhiệm vụ quá hạn (gồm nhiệm vụ hoàn thành quá hạn và nhiệm vụ chưa hoàn thành đã quá hạn) là 19,4%.
# 2. Kết quả thực hiện theo đơn vị
[Theo đơn vị: STT | Đơn vị | Tổng số | Đã hoàn thành đúng hạn | Đã hoàn thành quá hạn | Chưa hoàn thành – trong hạn | Chưa hoàn thành – quá hạn | Tỷ lệ quá hạn | 4 rows]
# 3. Nhiệm vụ chưa hoàn thành đã quá hạn
¶ Có 4 nhiệm vụ chưa hoàn thành đã quá hạn, trong đó:
- Quá hạn đến 7 ngày: 1 nhiệm vụ;
- Quá hạn từ 8 đến 30 ngày: 1 nhiệm vụ;
- Quá hạn trên 30 ngày: 2 nhiệm vụ.
[Nhiệm vụ quá hạn: STT | Nhiệm vụ | Đơn vị chủ trì | Hạn xử lý | Số ngày quá hạn | 4 rows]
# 4. Kết quả thực hiện các chỉ tiêu
[Chỉ tiêu: STT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện | Tỷ lệ so với kế hoạch | 3 rows]
# II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT
# 1. Phòng Kinh tế, hạ tầng và Đô thị
# a) Khó khăn, vướng mắc
- Nguồn vật liệu xây dựng khan hiếm, giá tăng.
# b) Kiến nghị, đề xuất
- Đề nghị UBND thành phố bổ sung vốn cho dự án chỉnh trang đô thị.
# III. Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO
- Đồng chí Chủ tịch UBND phường yêu cầu Phòng Kinh tế, hạ tầng và Đô thị hoàn thành giải ngân trước ngày 30/9/2026.
¶ Trên đây là báo cáo kết quả thực hiện nhiệm vụ quý III/2026, tính đến ngày 14/09/2026./.
";
    assert_eq!(outline(), expected);
}
