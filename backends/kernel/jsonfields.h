#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace Notebench::Kernel {

/// Reads a field that a kernel should have sent; a missing or mistyped field reads as the fallback
/// instead of throwing, because a signed message may still be malformed.
inline std::string stringField(const nlohmann::json &object, const char *key, std::string fallback = {})
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline bool boolField(const nlohmann::json &object, const char *key, bool fallback = false)
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

} // namespace Notebench::Kernel
