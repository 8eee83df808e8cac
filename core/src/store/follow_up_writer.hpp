#pragma once

#include <jalon/model/action_follow_up.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/store/follow_up_store.hpp>

#include <soci/soci.h>

#include <string>
#include <vector>

namespace jalon {

// Records follow-ups inside the caller's transaction (see FollowUpStore::record).
FollowUpResult write_follow_ups(soci::session& sql, const std::string& scheme_id,
                                const std::vector<ActionFollowUp>& records);

// The follow-ups a scheme file states: its nodes' statuses in `status_year`, and its unplanned
// achievements (in their year, else `status_year`).
std::vector<ActionFollowUp> follow_ups_in(const Scheme& scheme, const std::string& source,
                                          const std::string& recorded_at);

} // namespace jalon
