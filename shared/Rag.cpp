#include "Rag.h"

#include "Domain.h"

#include <cstdio>

namespace tandem {

std::string deriveRag(std::string_view status, std::string_view targetDate, std::string_view override,
                      std::string_view today) {
    if (status == "closed" || status == "superseded") return "";
    if (!override.empty()) return std::string(override);
    const auto due = isoDayNumber(targetDate);
    const auto now = isoDayNumber(today);
    if (!due || !now) return "green";
    const long left = *due - *now;
    if (left < 0) return "red";
    if (left <= kAmberWithinDays) return "amber";
    return "green";
}

// Days from civil and civil from days: Howard Hinnant's algorithms, exact for the proleptic
// Gregorian calendar and free of time zones (timegm would do, but not on every platform).
std::optional<long> isoDayNumber(std::string_view iso) {
    if (!isIsoDate(iso)) return std::nullopt;
    auto number = [&](size_t at, size_t n) {
        int v = 0;
        for (size_t i = at; i < at + n; ++i) v = v * 10 + (iso[i] - '0');
        return v;
    };
    int y = number(0, 4);
    const unsigned m = unsigned(number(5, 2)), d = unsigned(number(8, 2));
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + long(doe) - 719468;
}

std::string isoDateOfDay(long day) {
    day += 719468;
    const long era = (day >= 0 ? day : day - 146096) / 146097;
    const unsigned doe = unsigned(day - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const long y = long(yoe) + era * 400 + (m <= 2);
    char out[48];
    std::snprintf(out, sizeof out, "%04ld-%02u-%02u", y, m, d);
    return out;
}

}  // namespace tandem
