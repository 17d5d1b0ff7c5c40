#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Notebench::Protocol {

/// One installed kernel: a directory holding kernel.json (plus optional logos).
struct KernelSpec {
    std::string name;                  ///< directory name, lower-cased
    std::filesystem::path resourceDir;
    std::vector<std::string> argv;
    std::string displayName;
    std::string language;
    std::map<std::string, std::string> env;
    std::string interruptMode = "signal";   ///< "signal" | "message"
    nlohmann::json metadata = nlohmann::json::object();
};

/// jupyter_client format_kernel_cmd: each \{([A-Za-z0-9_]+)\} is replaced when its key is known;
/// unknown placeholders are left as they are.
std::vector<std::string> formatArgv(const std::vector<std::string> &argv,
                                    const std::map<std::string, std::string> &values);

/// Reads dir/kernel.json. On a malformed file returns nullopt and, when error is non-null,
/// an error text that names the file.
std::optional<KernelSpec> readKernelSpec(const std::filesystem::path &dir, std::string *error);

} // namespace Notebench::Protocol
