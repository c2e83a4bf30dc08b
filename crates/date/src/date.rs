//! The data model: [`HttpDate`], [`Weekday`], [`Format`], [`Parsed`].

use core::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::RangeError;
use crate::civil::{self, MAX_DAY, MIN_DAY};

/// The length of an IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`: 29 bytes.
pub const IMF_FIXDATE_LEN: usize = 29;

const SECS_PER_DAY: i64 = 86_400;
const MIN_SECS: i64 = MIN_DAY as i64 * SECS_PER_DAY;
const MAX_SECS: i64 = MAX_DAY as i64 * SECS_PER_DAY + SECS_PER_DAY - 1;

/// An instant an HTTP-date can name (RFC 9110 §5.6.7): a UTC time with
/// one-second resolution between 0000-01-01T00:00:00Z ([`HttpDate::MIN`]) and
/// 9999-12-31T23:59:59Z ([`HttpDate::MAX`]) in the proleptic Gregorian
/// calendar, without leap seconds.
///
/// It is stored as seconds since the Unix epoch (negative before 1970), so
/// comparing two values compares the instants. A value that exists is always
/// in range: every constructor checks.
///
/// ```
/// use precond_date::{HttpDate, Weekday};
///
/// let date = HttpDate::from_civil(1994, 11, 6, 8, 49, 37)?;
/// assert_eq!(date.unix_seconds(), 784_111_777);
/// assert_eq!(date.weekday(), Weekday::Sun);
/// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
/// assert!(HttpDate::UNIX_EPOCH < date && date < HttpDate::MAX);
/// # Ok::<(), precond_date::RangeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpDate {
    /// Seconds since 1970-01-01T00:00:00Z, in `MIN_SECS..=MAX_SECS`.
    secs: i64,
}

/// Calendar fields of an [`HttpDate`], computed together.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Civil {
    pub(crate) year: u16,
    pub(crate) month: u8,
    pub(crate) day: u8,
    pub(crate) hour: u8,
    pub(crate) minute: u8,
    pub(crate) second: u8,
}

impl HttpDate {
    /// The earliest HTTP-date, `Sat, 01 Jan 0000 00:00:00 GMT`.
    pub const MIN: HttpDate = HttpDate { secs: MIN_SECS };

    /// The latest HTTP-date, `Fri, 31 Dec 9999 23:59:59 GMT`.
    pub const MAX: HttpDate = HttpDate { secs: MAX_SECS };

    /// The Unix epoch, `Thu, 01 Jan 1970 00:00:00 GMT`.
    pub const UNIX_EPOCH: HttpDate = HttpDate { secs: 0 };

    /// The instant `secs` seconds after the Unix epoch (before it if negative).
    ///
    /// # Errors
    ///
    /// [`RangeError`] outside [`HttpDate::MIN`]`..=`[`HttpDate::MAX`].
    pub const fn from_unix_seconds(secs: i64) -> Result<Self, RangeError> {
        if MIN_SECS <= secs && secs <= MAX_SECS {
            Ok(HttpDate { secs })
        } else {
            Err(RangeError)
        }
    }

    /// Seconds since the Unix epoch, negative before 1970.
    pub const fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The second that contains `t`: the sub-second part is dropped toward the
    /// past, so a time before 1970 with a fraction goes to the earlier second
    /// (1969-12-31T23:59:59.5Z becomes 23:59:59). Truncating toward the past
    /// keeps the order of instants, and an HTTP-date is never later than the
    /// time it stands for.
    ///
    /// # Errors
    ///
    /// [`RangeError`] when that second is before [`HttpDate::MIN`] or after
    /// [`HttpDate::MAX`].
    pub fn from_system_time(t: SystemTime) -> Result<Self, RangeError> {
        let secs = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).map_err(|_| RangeError)?,
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).map_err(|_| RangeError)?;
                // Floor: a fraction before the epoch reaches into the previous second.
                let fraction = i64::from(before.subsec_nanos() != 0);
                whole
                    .checked_add(fraction)
                    .and_then(i64::checked_neg)
                    .ok_or(RangeError)?
            }
        };
        Self::from_unix_seconds(secs)
    }

    /// The second that contains `t`, as
    /// [`from_system_time`](Self::from_system_time), saturating outside the
    /// range: [`HttpDate::MIN`] before year 0000, [`HttpDate::MAX`] after
    /// 9999.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use precond_date::HttpDate;
    ///
    /// let far_future = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
    /// assert_eq!(HttpDate::saturating_from_system_time(far_future), HttpDate::MAX);
    /// ```
    pub fn saturating_from_system_time(t: SystemTime) -> HttpDate {
        HttpDate::from_system_time(t).unwrap_or_else(|RangeError| {
            // Before the epoch exactly when `duration_since` fails. No `<`:
            // its edge, the epoch, is in range, so `<` and `<=` agree there.
            match t.duration_since(UNIX_EPOCH) {
                Ok(_) => HttpDate::MAX,
                Err(_) => HttpDate::MIN,
            }
        })
    }

    /// The instant as a [`SystemTime`], or `None` where the platform's
    /// `SystemTime` cannot represent it (on Unix-like systems every
    /// `HttpDate` fits; Windows' starts in 1601).
    pub fn checked_to_system_time(self) -> Option<SystemTime> {
        from_epoch(self.secs.is_negative(), self.secs.unsigned_abs())
    }

    /// The instant as a [`SystemTime`]. Never panics: where the platform's
    /// `SystemTime` cannot represent the instant (see
    /// [`checked_to_system_time`](Self::checked_to_system_time)), the result
    /// saturates at the representable `SystemTime` closest to it, found by a
    /// binary search on whole seconds.
    pub fn to_system_time(self) -> SystemTime {
        // One path for every date, the search's first probe being the date
        // itself: on Unix, where every date fits, the direction is still
        // exercised (a separate `checked_to_system_time` first would leave
        // the rest unreachable here, and untested).
        let past = self.secs.is_negative();
        let fits = farthest(self.secs.unsigned_abs(), |secs| {
            from_epoch(past, secs).is_some()
        });
        from_epoch(past, fits).unwrap_or(UNIX_EPOCH)
    }

    /// The current time from the system clock, to the second (toward the
    /// past). A clock outside the range saturates at [`HttpDate::MIN`] or
    /// [`HttpDate::MAX`].
    pub fn now() -> HttpDate {
        HttpDate::saturating_from_system_time(SystemTime::now())
    }

    /// The instant of a UTC calendar date and time of day.
    ///
    /// # Errors
    ///
    /// [`RangeError`] unless `year <= 9999`, `1 <= month <= 12`, `day` exists in
    /// that month, `hour <= 23`, `minute <= 59` and `second <= 59`.
    pub const fn from_civil(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Self, RangeError> {
        if year > 9999
            || day == 0
            || day > civil::days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(RangeError);
        }
        Ok(Self::from_parts(
            civil::days_from_civil(year, month, day),
            hour,
            minute,
            second,
        ))
    }

    /// The instant of a day number (days since 1970-01-01, in range) and a
    /// valid time of day.
    pub(crate) const fn from_parts(days: i32, hour: u8, minute: u8, second: u8) -> Self {
        HttpDate {
            secs: days as i64 * SECS_PER_DAY
                + hour as i64 * 3600
                + minute as i64 * 60
                + second as i64,
        }
    }

    /// Days since 1970-01-01 and the second of the day.
    const fn days_and_second(self) -> (i32, u32) {
        // Counted from 0000-01-01, which no instant precedes: unsigned
        // divisions by a constant, cheaper than `div_euclid`.
        let since_min = self.secs.wrapping_sub(Self::MIN.secs) as u64;
        let days = (since_min / SECS_PER_DAY as u64) as i32 + civil::MIN_DAY;
        (days, (since_min % SECS_PER_DAY as u64) as u32)
    }

    /// All calendar fields at once.
    pub(crate) const fn civil(self) -> Civil {
        let (days, second_of_day) = self.days_and_second();
        let (year, month, day) = civil::civil_from_days(days);
        let (hour, minute, second) = civil::time_of_day(second_of_day);
        Civil {
            year,
            month,
            day,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
        }
    }

    /// The year, 0–9999.
    pub const fn year(self) -> u16 {
        civil::year_from_days(self.days_and_second().0)
    }

    /// The month, 1 (January) – 12 (December).
    pub const fn month(self) -> u8 {
        self.civil().month
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u8 {
        self.civil().day
    }

    /// The hour, 0–23.
    pub const fn hour(self) -> u8 {
        civil::time_of_day(self.days_and_second().1).0 as u8
    }

    /// The minute, 0–59.
    pub const fn minute(self) -> u8 {
        civil::time_of_day(self.days_and_second().1).1 as u8
    }

    /// The second, 0–59.
    pub const fn second(self) -> u8 {
        civil::time_of_day(self.days_and_second().1).2 as u8
    }

    /// The day of the week.
    pub const fn weekday(self) -> Weekday {
        Weekday::from_days(self.days_and_second().0)
    }

    /// This instant moved by `secs` seconds, or `None` if the result is out of range.
    pub const fn checked_add_seconds(self, secs: i64) -> Option<HttpDate> {
        match self.secs.checked_add(secs) {
            Some(secs) => match HttpDate::from_unix_seconds(secs) {
                Ok(date) => Some(date),
                Err(_) => None,
            },
            None => None,
        }
    }
}

/// What [`HttpDate::parse_detailed`] read: the instant, the format it was
/// written in, and whether it wrote the leap second.
///
/// The leap second matters where dates are compared for equality: an
/// [`HttpDate`] has no leap seconds and reads `23:59:60` as `23:59:59`,
/// which orders it correctly for before / after comparisons, but the value
/// did not name 23:59:59, so an exact match (an `If-Range` date, RFC 9110
/// §13.1.5) must not take it for one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Parsed {
    pub(crate) date: HttpDate,
    pub(crate) format: Format,
    pub(crate) leap_second: bool,
}

impl Parsed {
    /// The instant; a leap second is read as the second before it.
    pub const fn date(self) -> HttpDate {
        self.date
    }

    /// Which of the three formats the value was in.
    pub const fn format(self) -> Format {
        self.format
    }

    /// Whether the value wrote the second as `60` (only `23:59:60` is
    /// accepted), which [`date`](Self::date) reads as `23:59:59`.
    pub const fn leap_second(self) -> bool {
        self.leap_second
    }
}

/// Shows the IMF-fixdate: `HttpDate(Sun, 06 Nov 1994 08:49:37 GMT)`.
impl fmt::Debug for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HttpDate({self})")
    }
}

/// `secs` seconds after the epoch, or before it when `past`, if the
/// platform's `SystemTime` can represent that.
fn from_epoch(past: bool, secs: u64) -> Option<SystemTime> {
    let distance = Duration::from_secs(secs);
    if past {
        UNIX_EPOCH.checked_sub(distance)
    } else {
        UNIX_EPOCH.checked_add(distance)
    }
}

/// The largest of `0..=distance` that `fits`, for a `fits` that holds for 0
/// and, from some point on, never again: `distance` itself when it fits,
/// else a binary search (at most 64 probes).
fn farthest(distance: u64, fits: impl Fn(u64) -> bool) -> u64 {
    if fits(distance) {
        return distance;
    }
    let (mut fitting, mut too_far) = (0, distance);
    while too_far - fitting > 1 {
        let mid = fitting + (too_far - fitting) / 2;
        if fits(mid) {
            fitting = mid;
        } else {
            too_far = mid;
        }
    }
    fitting
}

/// [`HttpDate::from_system_time`]: truncated toward the past.
impl TryFrom<SystemTime> for HttpDate {
    type Error = RangeError;

    fn try_from(t: SystemTime) -> Result<Self, Self::Error> {
        HttpDate::from_system_time(t)
    }
}

/// [`HttpDate::to_system_time`]: never panics.
impl From<HttpDate> for SystemTime {
    fn from(date: HttpDate) -> Self {
        date.to_system_time()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for HttpDate {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(HttpDate {
            secs: u.int_in_range(MIN_SECS..=MAX_SECS)?,
        })
    }
}

/// A day of the week, as `day-name` and `day-name-l` spell it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Weekday {
    /// Monday, `Mon`.
    Mon,
    /// Tuesday, `Tue`.
    Tue,
    /// Wednesday, `Wed`.
    Wed,
    /// Thursday, `Thu`.
    Thu,
    /// Friday, `Fri`.
    Fri,
    /// Saturday, `Sat`.
    Sat,
    /// Sunday, `Sun`.
    Sun,
}

impl Weekday {
    /// The `day-name` (IMF-fixdate, asctime-date): `"Mon"` … `"Sun"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }

    /// The `day-name-l` (rfc850-date): `"Monday"` … `"Sunday"`.
    pub const fn long_name(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }

    /// 0 = Monday … 6 = Sunday (larger values are Sunday).
    pub(crate) const fn from_index(index: u32) -> Weekday {
        match index {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The weekday of a day number (days since 1970-01-01).
    pub(crate) const fn from_days(days: i32) -> Weekday {
        Weekday::from_index(civil::weekday_from_days(days) as u32)
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which of the three HTTP-date formats (RFC 9110 §5.6.7) a value was in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Format {
    /// `IMF-fixdate`, the preferred format: `Sun, 06 Nov 1994 08:49:37 GMT`.
    ImfFixdate,
    /// `rfc850-date`, obsolete: `Sunday, 06-Nov-94 08:49:37 GMT`.
    Rfc850,
    /// `asctime-date`, obsolete: `Sun Nov  6 08:49:37 1994`.
    Asctime,
}

impl Format {
    /// `"imf-fixdate"`, `"rfc850"` or `"asctime"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::ImfFixdate => "imf-fixdate",
            Format::Rfc850 => "rfc850",
            Format::Asctime => "asctime",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search finds exactly the last distance that fits, wherever the
    /// platform's limit lies (on Unix every `HttpDate` fits, so only this
    /// test reaches the search).
    #[test]
    fn farthest_is_the_last_distance_that_fits() {
        for distance in [0, 1, 2, 3, 10, 1_000, 253_402_300_799, u64::MAX] {
            for limit in [
                0,
                1,
                2,
                5,
                999,
                distance / 2,
                distance - distance.min(1),
                distance,
            ] {
                let limit = limit.min(distance);
                let probes = core::cell::Cell::new(0);
                let found = farthest(distance, |d| {
                    probes.set(probes.get() + 1);
                    d <= limit
                });
                assert_eq!(found, limit, "{distance} {limit}");
                assert!(probes.get() <= 65, "{distance} {limit}: {probes:?}");
            }
        }
    }

    #[test]
    fn system_times_out_of_range_saturate() {
        let secs = Duration::from_secs;
        for (t, expected) in [
            (UNIX_EPOCH - secs(70_000_000_000), HttpDate::MIN),
            (UNIX_EPOCH - secs(62_167_219_201), HttpDate::MIN),
            (UNIX_EPOCH - secs(62_167_219_200), HttpDate::MIN),
            (UNIX_EPOCH + secs(253_402_300_800), HttpDate::MAX),
            (UNIX_EPOCH + secs(400_000_000_000), HttpDate::MAX),
            (UNIX_EPOCH, HttpDate::UNIX_EPOCH),
            (
                UNIX_EPOCH - Duration::from_millis(500),
                HttpDate { secs: -1 },
            ),
            (
                UNIX_EPOCH + Duration::from_millis(1_500),
                HttpDate { secs: 1 },
            ),
        ] {
            assert_eq!(HttpDate::saturating_from_system_time(t), expected, "{t:?}");
        }
        let now = HttpDate::now();
        assert!(HttpDate::UNIX_EPOCH < now && now < HttpDate::MAX);
    }

    /// A format's name, as `as_str` and as text (padded when asked).
    #[test]
    fn formats_are_named() {
        for (format, name) in [
            (Format::ImfFixdate, "imf-fixdate"),
            (Format::Rfc850, "rfc850"),
            (Format::Asctime, "asctime"),
        ] {
            assert_eq!(format.as_str(), name);
            assert_eq!(format.to_string(), name);
            assert_eq!(format!("{format:>12}|"), format!("{name:>12}|"));
        }
    }

    /// Every `HttpDate` fits in a Unix `SystemTime`, so the saturating and
    /// the checked forms agree, both ways.
    #[test]
    fn system_times_round_trip() {
        for secs in [MIN_SECS, MIN_SECS + 1, -1, 0, 1, 1_700_000_000, MAX_SECS] {
            let date = HttpDate { secs };
            let t = date.to_system_time();
            assert_eq!(date.checked_to_system_time(), Some(t));
            assert_eq!(HttpDate::from_system_time(t), Ok(date));
        }
    }
}
