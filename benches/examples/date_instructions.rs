//! A loop of date parses for instruction counts under callgrind:
//! `date_instructions <case> <implementation> <iterations>`, where case is
//! `imf_fixdate`, `rfc850`, `asctime` or `invalid_<name>` (see
//! `INVALID_DATES`) and implementation `precond`, `httpdate` or
//! `date_header`. Instructions per call are the difference between two
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
