// History for the demo partnership (St Helens), so its dashboards have something to show: a
// closed 2024 Section 11 round to compare with, part of the current rounds answered, approved
// and moderated, closure evidence on the closed actions and a re-dated action. Work assigned to
// the demo practitioners the screenshot tour signs in as (pc.merpol, dsl.schools) stays untouched.
#pragma once

#include "Store.h"

namespace tandem::server {

// Runs after the demo's rounds are opened; everything in one write transaction.
void addDemoHistory(Store& store);

}  // namespace tandem::server
