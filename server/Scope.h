// Who sees what. Records carry audience keys; a device holds the keys of its user; a record is
// in a device's scope when the two share a key. Keys:
//   all            reference data for everyone (published templates)
//   ref:P          reference data of partnership P (its agencies)
//   p:P            everything of partnership P (its business office)
//   bp:P           the action plans of partnership P (read-only board members)
//   a:A            everything of agency A (its agency lead)
//   ap:A           agency A's actions and the reviews it is party to (all of A's staff)
//   u:NAME         records assigned to the user NAME, and notices for them
#pragma once

#include "Ownership.h"
#include "Store.h"

#include <string>
#include <vector>

namespace tandem::server {

std::vector<std::string> keysFor(const UserRow& user, const std::vector<std::string>& partnerships);

// The audience of a record as it stands; reads the store for parties of reviews and parents.
std::vector<std::string> audienceFor(StoreSession& s, const RecordRow& r);

// Recomputes the audience of every record of a review (the review, its findings,
// recommendations, actions and updates); a record whose audience changed takes a new sequence
// so new viewers pull it and old ones get a removal.
void refreshReviewAudience(StoreSession& s, const std::string& reviewId);

Actor actorFor(const UserRow& user, const std::vector<std::string>& partnerships, const RecordRow& r);

}  // namespace tandem::server
