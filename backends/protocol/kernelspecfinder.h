#pragma once

#include "protocol/kernelspec.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Protocol {

/// The Jupyter data dirs, in search order; the finder appends kernels/ to each.
struct SearchPaths {
    std::vector<std::filesystem::path> dirs;
};

/// jupyter_core paths.jupyter_runtime_dir: JUPYTER_RUNTIME_DIR, else <user data dir>/runtime,
/// where the user data dir is JUPYTER_DATA_DIR or the per-OS default. Empty when neither a home
/// nor the variables are known.
std::filesystem::path jupyterRuntimeDir();

/// Finds installed kernelspecs the way jupyter_client's KernelSpecManager does.
class KernelSpecFinder {
public:
    /// Jupyter order: JUPYTER_PATH entries (os.pathsep), user data dir (JUPYTER_DATA_DIR or per-OS
    /// default), env (VIRTUAL_ENV / CONDA_PREFIX + /share/jupyter; before user if
    /// JUPYTER_PREFER_ENV_PATH is truthy), system dirs. Reads the environment on every call.
    static std::vector<std::filesystem::path> defaultDataDirs();

    explicit KernelSpecFinder(std::vector<std::filesystem::path> dataDirs = defaultDataDirs());

    /// Every valid kernel, sorted by name; the first dir holding a name wins; names are lower-case.
    /// Malformed kernel.json files are skipped.
    std::vector<KernelSpec> findAll() const;

    struct FindResult {
        std::optional<KernelSpec> spec;
        std::string error;   ///< lists the names found and the dirs searched
    };
    /// Case-insensitive lookup by kernel name.
    FindResult find(std::string_view name) const;

    /// Each data dir + "/kernels", in search order.
    const std::vector<std::filesystem::path> &kernelDirs() const;

private:
    std::vector<std::filesystem::path> m_kernelDirs;
};

} // namespace Notebench::Protocol
