#include "protocol/replayguard.h"

#include <algorithm>

namespace Notebench::Protocol {

ReplayGuard::ReplayGuard(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1)) {}

bool ReplayGuard::remember(std::string_view signature)
{
    std::string key(signature);
    if (m_seen.contains(key))
        return false;
    if (m_seen.size() >= m_capacity)
        cull();
    m_seen.insert(key);
    m_order.push_back(std::move(key));
    return true;
}

// jupyter_client drops a random 10 %; dropping the oldest 10 % instead keeps the recent
// signatures, which are the ones a replay is most likely to reuse.
void ReplayGuard::cull()
{
    const std::size_t drop = std::max<std::size_t>(m_capacity / 10, 1);
    for (std::size_t i = 0; i < drop && !m_order.empty(); ++i) {
        m_seen.erase(m_order.front());
        m_order.pop_front();
    }
}

} // namespace Notebench::Protocol
