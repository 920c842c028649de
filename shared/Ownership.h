// The ownership table: for every record kind and field, who may write it, in precedence order,
// and what shape its value must have. This is the one place the writer classes of
// sync-design.md are declared; the server, the merge and the authorization tests all read it.
#pragma once

#include "Domain.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

enum class WriterClass {
    BusinessOffice,    // the partnership's business office
    OwnerAgency,       // lead agency of an action, agency completing a return, author's agency
    SupportingAgency,  // supporting agencies of an action
    ContributingAgency // agencies contributing to a multi-agency case audit
};
std::string_view toString(WriterClass c);

enum class FieldType {
    Text,        // a string up to kMaxTextLength
    Date,        // ISO date or empty
    ActionStatus,
    ReturnStatus,
    Rag,         // "", red, amber, green
    AgencyList,  // array of agency codes
    Boolean,
    Json,        // an object or array, validated elsewhere (templates)
    Answer,      // validated against the return's template question
};

inline constexpr size_t kMaxTextLength = 20000;

// A rule covers one field or, when `field` ends in '*', every field with that prefix.
struct OwnershipRule {
    RecordKind kind;
    std::string_view field;
    FieldType type;
    std::vector<WriterClass> writers;  // highest precedence first; empty: nobody on a device
    bool agencyLeadOnly = false;       // within the agency classes, only the agency lead
};

// How one user stands to one record. Computed by the server from the user and the record;
// everything downstream is a pure function of it.
struct Actor {
    Role role = Role::Practitioner;
    bool businessOffice = false;  // BO of the record's partnership
    bool owner = false;           // user's agency is the record's owner agency
    bool supporting = false;
    bool contributing = false;
    bool assignee = false;        // the record is assigned to this very user
};

std::span<const OwnershipRule> ownershipTable();

// The rule for a field, or nullopt for an unknown field. Template questions marked
// `writer: business_office` pass `questionWriter = "business_office"`.
const OwnershipRule* findRule(RecordKind kind, std::string_view field,
                              std::string_view questionWriter = {});

// The actor's precedence for a field: 0 is highest. nullopt: the actor may not write it.
std::optional<int> writerRank(const OwnershipRule& rule, RecordKind kind, const Actor& actor);

// Checks a value's shape against the field type; returns a sentence on failure.
std::optional<std::string> checkValueShape(FieldType type, const nlohmann::json& value);

}  // namespace tandem
