// Applies a device's pushed changes: replays answered from stored results, gaps refused whole,
// each new change decided by ownership, workflow and template rules, all in one transaction.
#pragma once

#include "Caller.h"
#include "Protocol.h"
#include "Store.h"
#include "Template.h"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace tandem::server {

inline constexpr size_t kMaxChangesPerPush = 1000;
inline constexpr size_t kMaxRejectedValueBytes = 64 * 1024;

class PushProcessor {
public:
    explicit PushProcessor(Store& store) : store_(store) {}
    // Throws ApiError (nothing applied) for a sequence gap or a reused sequence number.
    std::vector<protocol::ChangeResult> push(const Caller& caller, const std::vector<protocol::Change>& changes);

private:
    protocol::ChangeResult apply(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                 const protocol::Change& c);
    protocol::ChangeResult create(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                  const protocol::Change& c);
    protocol::ChangeResult createUpdate(StoreSession& s, const Caller& caller, const protocol::Change& c);
    // A review, finding, recommendation or action made by the partnership's business office.
    protocol::ChangeResult createPlanRecord(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                            const protocol::Change& c);
    // What an applied field write brings with it in the same unit: the target date history, a
    // closure date, and the copies of an approved return sent to other partnerships.
    void afterWrite(StoreSession& s, const Caller& caller, const RecordRow& rec, const std::string& field,
                    const std::optional<StoredField>& before, const nlohmann::json& value, std::int64_t seq);
    void sendCopies(StoreSession& s, const Caller& caller, const RecordRow& source, std::int64_t seq);
    protocol::ChangeResult reject(StoreSession& s, const Caller& caller, const protocol::Change& c,
                                  const std::string& code, const std::string& message);
    // Templates are immutable once published, so a parsed copy is kept per template record.
    std::shared_ptr<const Template> templateOf(StoreSession& s, const std::string& templateId);

    Store& store_;
    std::mutex templatesMutex_;
    std::map<std::string, std::shared_ptr<const Template>> templates_;
};

}  // namespace tandem::server
