//! A minimal SMTP sink on loopback, enough for lettre: greeting, EHLO/HELO, MAIL FROM,
//! RCPT TO, DATA (with dot-unstuffing), RSET, NOOP, QUIT. It keeps what it accepted;
//! with `reject_data` it refuses every message after DATA (554), like a full mailbox.
//! Also the decoders a mail reader applies: RFC 2047 encoded words and base64.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
}

pub struct Sink {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn addr_of(arg: &str) -> String {
    let a = arg.split_once(':').map(|x| x.1).unwrap_or("").trim();
    let a = a.split_whitespace().next().unwrap_or("");
    a.trim_start_matches('<').trim_end_matches('>').to_string()
}

pub async fn start(reject_data: bool) -> Sink {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received: Arc<Mutex<Vec<Received>>> = Arc::default();
    let store = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut r = BufReader::new(r);
                w.write_all(b"220 sink.test ESMTP ready\r\n").await.ok();
                let mut from = String::new();
                let mut rcpt: Vec<String> = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_string();
                    let upper = cmd.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-sink.test\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("HELO") {
                        b"250 sink.test\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        from = addr_of(&cmd);
                        rcpt.clear();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt.push(addr_of(&cmd));
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                            .await
                            .ok();
                        let mut data = String::new();
                        loop {
                            let mut l = String::new();
                            if r.read_line(&mut l).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if l == ".\r\n" || l == ".\n" {
                                break;
                            }
                            let l = l.strip_prefix('.').unwrap_or(&l).to_string();
                            data.push_str(&l);
                        }
                        if reject_data {
                            b"554 Transaction failed: mailbox unavailable\r\n"
                        } else {
                            store.lock().unwrap().push(Received {
                                mail_from: from.clone(),
                                rcpt_to: rcpt.clone(),
                                data,
                            });
                            b"250 OK: queued\r\n"
                        }
                    } else if upper == "QUIT" {
                        w.write_all(b"221 Bye\r\n").await.ok();
                        return;
                    } else if upper == "RSET" || upper == "NOOP" {
                        b"250 OK\r\n"
                    } else {
                        b"502 Command not implemented\r\n"
                    };
                    if w.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Sink { addr, received }
}

/// A parsed message: unfolded headers (name lower-cased) and the raw body.
pub struct Parsed {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Parsed {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }
}

pub fn parse(data: &str) -> Parsed {
    let (head, body) = data.split_once("\r\n\r\n").unwrap();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().unwrap();
            last.1.push_str(line);
        } else {
            let (n, v) = line.split_once(':').unwrap();
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    Parsed {
        headers,
        body: body.to_string(),
    }
}

pub fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = ALPHA.iter().position(|&a| a == c) else {
            continue; // line breaks
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

fn q_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`); whitespace
/// between two adjacent encoded words is dropped, as the RFC says.
pub fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let mut pending_ws = String::new();
    let mut last_was_word = false;
    while !rest.is_empty() {
        if let Some(start) = rest.strip_prefix("=?") {
            let mut parts = start.splitn(3, '?');
            let charset = parts.next().unwrap();
            let enc = parts.next().unwrap();
            let tail = parts.next().unwrap();
            let end = tail.find("?=").unwrap();
            let text = &tail[..end];
            assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
            let bytes = match enc {
                "b" | "B" => base64_decode(text),
                "q" | "Q" => q_decode(text),
                e => panic!("encoding {e}"),
            };
            if !last_was_word {
                out.push_str(&pending_ws);
            }
            pending_ws.clear();
            out.push_str(&String::from_utf8(bytes).unwrap());
            last_was_word = true;
            rest = &tail[end + 2..];
        } else {
            let c = rest.chars().next().unwrap();
            if c.is_whitespace() {
                pending_ws.push(c);
            } else {
                out.push_str(&pending_ws);
                pending_ws.clear();
                out.push(c);
                last_was_word = false;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(&pending_ws);
    out
}
