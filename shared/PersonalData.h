// Free text that looks like it identifies a child: a date of birth ("DOB 12/03/2015", "born 3
// March 2016", "d.o.b. 1.2.15"), with the name beside it when there is one ("John Smith DOB
// 12/03/2015"), or a name followed at once by a date in brackets ("Amy Jones (03/04/2016)").
// Cases are known by their partnership case code; initials or a name with a date of birth are
// identifying and must not be written into an answer. A pure function: the device warns before a
// return is submitted, the user may fix the answer or send it anyway. It is a heuristic and the
// server does not refuse such text: a false alarm must never stop a return from being sent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct PersonalDataHit {
    enum class Kind { DateOfBirth, NameWithDateOfBirth, NameWithDate };
    Kind kind;
    std::string excerpt;  // the text that matched, as written
};

// Every hit in `text`, in order. Text of any size is scanned in linear time (RE2).
std::vector<PersonalDataHit> findPersonalData(std::string_view text);

// A sentence for a hit: 'looks like a name with a date of birth: "John Smith DOB 12/03/2015"'.
std::string describe(const PersonalDataHit& hit);

}  // namespace tandem
