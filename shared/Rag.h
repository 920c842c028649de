// The red/amber/green rating of an action, derived in this one place for the server's figures,
// the device's lists and the CLI, so that every screen and report agrees on what is red.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem {

// Days an action may have left before its target date and still be amber rather than green.
inline constexpr long kAmberWithinDays = 30;

// None ("") for closed and superseded actions (whatever override they kept from when they were
// open); else the override when set; else red when the target date has passed, amber when it
// falls within 30 days of `today`, green otherwise, and green when there is no (valid) target date.
std::string deriveRag(std::string_view status, std::string_view targetDate, std::string_view override,
                      std::string_view today);

// Days since 1970-01-01 of a valid YYYY-MM-DD, else nullopt. Differences of two are whole days,
// as figures count them ("days overdue").
std::optional<long> isoDayNumber(std::string_view iso);
// The YYYY-MM-DD of a day number (the inverse of isoDayNumber).
std::string isoDateOfDay(long day);

}  // namespace tandem
