//! Reading and writing packages: a header-only message, and one carrying a 5 MB file
//! (base64, 6.8 MB of XML), the size of a scanned appendix. `cargo bench -p dondoc-edxml`.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dondoc_edxml::{Attachment, Message, Organ, read, write_message};

fn message(file_bytes: usize) -> Message {
    Message {
        from: Organ {
            id: "000.00.00.H26".into(),
            name: "UBND thành phố Hải Phòng".into(),
            ..Organ::default()
        },
        code_number: "4085".into(),
        code_notation: "UBND-ĐT".into(),
        subject: "triển khai Tháng hành động vì an toàn thực phẩm năm 2026".into(),
        content: "1. Giao Sở Y tế chủ trì, phối hợp với các sở, ngành.\n".repeat(20),
        to_places: vec!["Như trên".into(), "Lưu: VT".into()],
        attachments: if file_bytes == 0 {
            Vec::new()
        } else {
            vec![Attachment {
                content_id: "1".into(),
                name: "4085-UBND-DT.pdf".into(),
                content_type: "application/pdf".into(),
                description: String::new(),
                // Not compressible, as a PDF's streams are not.
                data: (0..file_bytes)
                    .map(|i| (i as u32).wrapping_mul(2_654_435_761) as u8)
                    .collect(),
            }]
        },
        ..Message::default()
    }
}

fn bench(c: &mut Criterion) {
    for (name, size) in [("header only", 0usize), ("with a 5 MB file", 5 << 20)] {
        let m = message(size);
        let xml = write_message(&m);
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.sample_size(20);
        g.bench_function("read", |b| b.iter(|| read(&xml).unwrap()));
        g.bench_function("write", |b| b.iter(|| write_message(&m)));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
