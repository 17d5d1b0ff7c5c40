#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

namespace Notebench::Protocol {

/// Remembers the signatures of recently accepted messages so that a replayed message is refused.
/// jupyter_client session.py: digest_history, capped at digest_history_size = 2**16, culled by >= 10 %.
class ReplayGuard {
public:
    explicit ReplayGuard(std::size_t capacity = 65536);

    /// Records signature; false when it was already seen (a replay).
    bool remember(std::string_view signature);

    std::size_t size() const { return m_seen.size(); }
    std::size_t capacity() const { return m_capacity; }

private:
    void cull();

    std::size_t m_capacity;
    std::unordered_set<std::string> m_seen;
    std::deque<std::string> m_order;   // insertion order, oldest first
};

} // namespace Notebench::Protocol
