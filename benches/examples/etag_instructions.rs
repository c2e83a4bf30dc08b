//! A loop of If-None-Match checks for instruction counts under callgrind:
//! `etag_instructions <members> <iterations>`, the suite's `inm_list` of
//! that many tags against its last one (`etag/inm_match/<members>`).
//! Instructions per call are the difference between two iteration counts
//! divided by the difference of the counts; per member, the difference
//! between two member counts. Each answer goes through `black_box`, as the
//! criterion suite's closures check theirs.

use std::hint::black_box;

use precond_benches as w;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(members), Some(iterations)) = (args.next(), args.next()) else {
        eprintln!("usage: etag_instructions <members> <iterations>");
        std::process::exit(2);
    };
    let members: usize = members.parse().expect("a count");
    let iterations: u64 = iterations.parse().expect("a count");
    let list = w::inm_list(members);
    let current = w::last_tag(members);
    let tag = current.as_tag();
    let matched = (0..iterations)
        .filter(|_| black_box(w::inm_matches(black_box(&list), tag)) == Some(members))
        .count();
    println!("{matched}");
}
