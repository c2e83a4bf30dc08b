//! A loop of date parses for instruction counts under callgrind:
//! `date_instructions <case> <implementation> <iterations>`, where case is
//! `imf_fixdate`, `rfc850`, `asctime` or `invalid_<name>` (see
//! `INVALID_DATES`) and implementation `precond`, `httpdate` or
//! `date_header`; or the case `format`, an IMF-fixdate written from a date
//! (`precond` or `httpdate`). Instructions per call are the difference between two
//! iteration counts divided by the difference of the counts. Each parse's
//! answer goes through `black_box`, as the criterion suite's closures check
//! theirs, so that no implementation is spared computing its result.

use std::hint::black_box;

use precond_benches as w;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(case), Some(implementation), Some(iterations)) =
        (args.next(), args.next(), args.next())
    else {
        eprintln!("usage: date_instructions <case> <implementation> <iterations>");
        std::process::exit(2);
    };
    let iterations: u64 = iterations.parse().expect("a count");
    if case == "format" {
        let secs = 784_111_777;
        let written = match implementation.as_str() {
            "precond" => (0..iterations)
                .map(|i| {
                    let date =
                        precond_date::HttpDate::from_unix_seconds(black_box(secs + i as i64));
                    black_box(
                        date.map(precond_date::HttpDate::imf_fixdate)
                            .unwrap_or_default(),
                    )[5]
                })
                .fold(0u64, |n, b| n + u64::from(b)),
            "httpdate" => (0..iterations)
                .map(|i| {
                    let t = std::time::UNIX_EPOCH
                        + std::time::Duration::from_secs(black_box(secs as u64 + i));
                    let text = httpdate::HttpDate::from(t);
                    let mut buf = [0u8; 29];
                    let _ = std::io::Write::write_fmt(&mut &mut buf[..], format_args!("{text}"));
                    black_box(buf)[5]
                })
                .fold(0u64, |n, b| n + u64::from(b)),
            _ => panic!("unknown implementation"),
        };
        println!("{written}");
        return;
    }
    let text = match case.as_str() {
        "imf_fixdate" => w::IMF_FIXDATE,
        "rfc850" => w::RFC850,
        "asctime" => w::ASCTIME,
        _ => w::INVALID_DATES
            .iter()
            .find(|(name, _)| case.strip_prefix("invalid_") == Some(name))
            .map(|(_, text)| *text)
            .expect("a known case"),
    };
    let bytes = text.as_bytes();
    let parsed = match implementation.as_str() {
        "precond" => (0..iterations)
            .filter(|_| black_box(w::parse_date(black_box(bytes))).is_some())
            .count(),
        "httpdate" => (0..iterations)
            .filter(|_| black_box(httpdate::parse_http_date(black_box(text)).ok()).is_some())
            .count(),
        "date_header" => (0..iterations)
            .filter(|_| black_box(date_header::parse(black_box(bytes)).ok()).is_some())
            .count(),
        _ => panic!("unknown implementation"),
    };
    println!("{parsed}");
}
