//! Proleptic Gregorian calendar arithmetic over the years 0000–9999.
//!
//! Day numbers are counted from 1970-01-01 (day 0), negative before it. The
//! computations work on a "March-based" year (the year starts on 1 March, so
//! the leap day is the last day of its year) shifted by 400 years, which keeps
//! every intermediate value non-negative for the whole supported range. Every
//! division is by a constant, most by a power of two; compilers turn the
//! others into multiplications.
//!
//! Both directions are checked against a day-by-day walk over every day of
//! the range in the tests below.

/// Years are shifted by this much so that year 0000 (and its January and
/// February, which belong to March-based year -1) stays non-negative.
const YEAR_SHIFT: u32 = 400;

/// Days in 400 Gregorian years.
const DAYS_PER_400_YEARS: u32 = 146_097;

/// The shifted day count of 1970-01-01, so that it becomes day 0.
const EPOCH_SHIFTED: u32 = shifted_days(1970, 1, 1);

/// Day number (since 1970-01-01) of 0000-01-01.
pub(crate) const MIN_DAY: i32 = days_from_civil(0, 1, 1);

/// Day number (since 1970-01-01) of 9999-12-31.
pub(crate) const MAX_DAY: i32 = days_from_civil(9999, 12, 31);

/// Whether `year` is a Gregorian leap year.
#[inline]
pub(crate) const fn is_leap_year(year: u16) -> bool {
    // Divisible by 25 is divisible by 100 once divisible by 4 is known, and
    // divisible by 16 is divisible by 400 once divisible by 100 is known: the
    // compiler turns 4 and 16 into masks.
    year.is_multiple_of(4) && (!year.is_multiple_of(25) || year.is_multiple_of(16))
}

/// The number of days of `month` (1–12) in `year`; 0 for a month out of range.
#[inline]
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1 March of shifted year 0 (year −400), for a valid date.
///
/// With a March-based year `y` and month `m` (March = 3 … February = 14), the
/// days before the year are `365 y + y/4 − y/100 + y/400`, written as
/// `1461 y / 4 − c + c / 4` with `c = y / 100`; the days before the month
/// within the year follow the 31, 30, 31, 30, 31 pattern from March, which the
/// affine function `(979 m − 2919) / 32` reproduces exactly for m = 3 … 14
/// (after Neri and Schneider, "Euclidean affine functions and their
/// application to calendar algorithms", 2022). Two multiplications, shifts.
#[inline]
const fn shifted_days(year: u16, month: u8, day: u8) -> u32 {
    let january_or_february = (month <= 2) as u32;
    let y = year as u32 + YEAR_SHIFT - january_or_february;
    let m = month as u32 + 12 * january_or_february;
    let c = y / 100;
    1461 * y / 4 - c + c / 4 + (979 * m - 2919) / 32 + day as u32 - 1
}

/// The day number (days since 1970-01-01) of a valid civil date.
///
/// The caller guarantees `year <= 9999`, `1 <= month <= 12` and
/// `1 <= day <= days_in_month(year, month)`.
#[inline]
pub(crate) const fn days_from_civil(year: u16, month: u8, day: u8) -> i32 {
    shifted_days(year, month, day) as i32 - EPOCH_SHIFTED as i32
}

/// The civil date `(year, month, day)` of a day number in `MIN_DAY..=MAX_DAY`.
///
/// The inverse of [`shifted_days`], by the same method (Neri and Schneider):
/// the century from `(4 n + 3) / 146097`, the year within it and the day of
/// the year from one 64-bit multiplication by `2939745` (≈ 2³² · 4 / 1461),
/// the month and day from one multiplication by `2141` (≈ 2¹⁶ · 5 / 153).
#[inline]
pub(crate) const fn civil_from_days(days: i32) -> (u16, u8, u8) {
    // Non-negative for the whole range: MIN_DAY + EPOCH_SHIFTED is 400 * 365 + 97 - 306,
    // and 4 * (MAX_DAY + EPOCH_SHIFTED) + 3 stays far below 2^32.
    let n = (days + EPOCH_SHIFTED as i32) as u32;
    let n1 = 4 * n + 3;
    let century = n1 / DAYS_PER_400_YEARS;
    let day_of_century = n1 % DAYS_PER_400_YEARS / 4;
    let p = 2_939_745 * (4 * day_of_century as u64 + 3);
    let year_of_century = (p >> 32) as u32;
    let day_of_year = (p as u32) / 2_939_745 / 4;
    let n3 = 2141 * day_of_year + 197_913;
    let month = n3 >> 16;
    let day = (n3 & 0xFFFF) / 2141 + 1;
    // The March-based year ends with January and February of the next year.
    let next_year = (day_of_year >= 306) as u32;
    let year = 100 * century + year_of_century + next_year - YEAR_SHIFT;
    let month = month - 12 * next_year;
    (year as u16, month as u8, day as u8)
}

/// The year of a day number in `MIN_DAY..=MAX_DAY`: the first part of
/// [`civil_from_days`] alone. Whether the day falls in January or February
/// (which end the March-based year) is read off the 64-bit product instead
/// of dividing it: the day of the year is at least 306 exactly when the low
/// half is at least `4 · 306 · 2939745`, which fits in 32 bits.
#[inline]
pub(crate) const fn year_from_days(days: i32) -> u16 {
    let n = (days + EPOCH_SHIFTED as i32) as u32;
    let n1 = 4 * n + 3;
    let century = n1 / DAYS_PER_400_YEARS;
    // `4 * (n1 % 146097 / 4) + 3`, as in `civil_from_days`.
    let p = 2_939_745 * ((n1 % DAYS_PER_400_YEARS) | 3) as u64;
    let year_of_century = (p >> 32) as u32;
    let next_year = (p as u32 >= 4 * 306 * 2_939_745) as u32;
    (100 * century + year_of_century + next_year - YEAR_SHIFT) as u16
}

/// The hour, minute and second of a second of the day (0–86,399).
#[inline(always)]
pub(crate) const fn time_of_day(second_of_day: u32) -> (u32, u32, u32) {
    (
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    )
}

/// The day of the week of a day number, 0 = Monday … 6 = Sunday.
#[inline]
pub(crate) const fn weekday_from_days(days: i32) -> u8 {
    // 1970-01-01 was a Thursday (3); MIN_DAY is far above -7 * 200_000.
    let n = (days + 3 + 7 * 200_000) as u32;
    // `n % 7` as the fraction `n / 7` holds in its 64 low bits, times 7
    // (Lemire, Kaser and Kurz, "Faster remainder by direct computation",
    // 2019: exact for every 32-bit `n`); one multiplication fewer than
    // the compiler's division by 7.
    let fraction = (u64::MAX / 7 + 1).wrapping_mul(n as u64);
    ((fraction as u128 * 7) >> 64) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks every day from 0000-01-01 to 9999-12-31 and checks both
    /// directions and the weekday against a plain counter.
    #[test]
    fn every_day_of_the_range() {
        let mut days = MIN_DAY;
        // 0000-01-01 was a Saturday (proleptic Gregorian).
        let mut weekday = 5;
        for year in 0..=9999u16 {
            for month in 1..=12u8 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(
                        days_from_civil(year, month, day),
                        days,
                        "{year}-{month}-{day}"
                    );
                    assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
                    assert_eq!(year_from_days(days), year, "day {days}");
                    assert_eq!(weekday_from_days(days), weekday, "{year}-{month}-{day}");
                    days += 1;
                    weekday = (weekday + 1) % 7;
                }
            }
        }
        assert_eq!(days - 1, MAX_DAY);
    }

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1994, 11, 6), 784_111_777 / 86_400);
        assert_eq!(MIN_DAY, -719_528);
        assert_eq!(MAX_DAY, 2_932_896);
        // 1994-11-06 was a Sunday.
        assert_eq!(weekday_from_days(days_from_civil(1994, 11, 6)), 6);
    }

    #[test]
    fn leap_years() {
        for year in 0..=9999u16 {
            let expected = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            assert_eq!(is_leap_year(year), expected, "{year}");
        }
    }
}
