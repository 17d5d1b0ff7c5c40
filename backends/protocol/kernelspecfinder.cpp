#include "protocol/kernelspecfinder.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>

#ifdef _WIN32
#include <cstring>
#else
#include <pwd.h>
#include <unistd.h>
#endif

namespace Notebench::Protocol {

namespace fs = std::filesystem;
using NativeString = fs::path::string_type;

namespace {

// The raw value of an environment variable in the OS's native encoding; nullopt when unset.
std::optional<NativeString> environment(const char *name)
{
#ifdef _WIN32
    const std::wstring wideName(name, name + std::strlen(name));
    wchar_t *value = nullptr;
    std::size_t length = 0;
    if (_wdupenv_s(&value, &length, wideName.c_str()) != 0 || value == nullptr)
        return std::nullopt;
    NativeString text(value);
    std::free(value);
    return text;
#else
    const char *value = std::getenv(name);
    return value ? std::optional<NativeString>(value) : std::nullopt;
#endif
}

std::optional<fs::path> environmentPath(const char *name)
{
    auto value = environment(name);
    return value && !value->empty() ? std::optional<fs::path>(std::move(*value)) : std::nullopt;
}

// jupyter_core paths.envset: set and not one of no/n/false/off/0/0.0 (case-insensitive).
bool environmentFlag(const char *name)
{
    const auto value = environment(name);
    if (!value)
        return false;
    std::string text = fs::path(*value).string();
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return text != "no" && text != "n" && text != "false" && text != "off" && text != "0" && text != "0.0";
}

std::optional<fs::path> homeDir()
{
#ifdef _WIN32
    return environmentPath("USERPROFILE");
#else
    if (auto home = environmentPath("HOME"))
        return home;
    // Python's expanduser falls back to the password database too.
    if (const passwd *entry = getpwuid(getuid()); entry && entry->pw_dir)
        return fs::path(entry->pw_dir);
    return std::nullopt;
#endif
}

// jupyter_core paths.jupyter_data_dir, without the opt-in JUPYTER_PLATFORM_DIRS layout.
std::optional<fs::path> userDataDir()
{
    if (auto dir = environmentPath("JUPYTER_DATA_DIR"))
        return dir;
#if defined(_WIN32)
    if (auto appData = environmentPath("APPDATA"))
        return *appData / "jupyter";
    return std::nullopt;
#elif defined(__APPLE__)
    if (auto home = homeDir())
        return *home / "Library" / "Jupyter";
    return std::nullopt;
#else
    if (auto xdg = environmentPath("XDG_DATA_HOME"))
        return *xdg / "jupyter";
    if (auto home = homeDir())
        return *home / ".local" / "share" / "jupyter";
    return std::nullopt;
#endif
}

std::vector<fs::path> envDataDirs()
{
    std::vector<fs::path> dirs;
    for (const char *variable : {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
        if (auto prefix = environmentPath(variable))
            dirs.push_back(*prefix / "share" / "jupyter");
    }
    return dirs;
}

std::vector<fs::path> systemDataDirs()
{
#ifdef _WIN32
    if (auto programData = environmentPath("PROGRAMDATA"))
        return {*programData / "jupyter"};
    return {};
#else
    return {"/usr/local/share/jupyter", "/usr/share/jupyter"};
#endif
}

std::vector<fs::path> splitSearchPath(const NativeString &value)
{
#ifdef _WIN32
    constexpr auto separator = L';';
#else
    constexpr auto separator = ':';
#endif
    std::vector<fs::path> dirs;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(separator, start);
        if (end == NativeString::npos)
            end = value.size();
        if (end > start)
            dirs.emplace_back(value.substr(start, end - start));
        start = end + 1;
    }
    return dirs;
}

// kernelspec.py _is_valid_kernel_name: ^[a-z0-9._\-]+$ with re.IGNORECASE.
bool isValidKernelName(const std::string &name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '-';
    });
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

struct Candidate {
    std::string name;   // lower-cased
    fs::path dir;
};

// kernelspec.py _list_kernels_in: subdirectories with a kernel.json and a valid name, in a
// stable (sorted) order so that case-folded duplicates in one dir resolve the same every time.
std::vector<Candidate> candidatesIn(const fs::path &kernelDir)
{
    std::vector<Candidate> found;
    std::error_code ec;
    for (fs::directory_iterator it(kernelDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code statError;
        if (isValidKernelName(name) && fs::is_regular_file(it->path() / "kernel.json", statError))
            found.push_back({name, it->path()});
    }
    std::sort(found.begin(), found.end(), [](const Candidate &a, const Candidate &b) { return a.name < b.name; });
    for (Candidate &candidate : found)
        candidate.name = lowerCase(candidate.name);
    return found;
}

} // namespace

fs::path jupyterRuntimeDir()
{
    if (auto dir = environmentPath("JUPYTER_RUNTIME_DIR"))
        return *dir;
    const auto data = userDataDir();
    return data ? *data / "runtime" : fs::path();
}

std::vector<fs::path> KernelSpecFinder::defaultDataDirs()
{
    // jupyter_core paths.jupyter_path: JUPYTER_PATH, then user and env (env first if preferred), then system.
    std::vector<fs::path> dirs;
    if (const auto jupyterPath = environment("JUPYTER_PATH"))
        dirs = splitSearchPath(*jupyterPath);
    std::vector<fs::path> user;
    if (auto dir = userDataDir())
        user.push_back(std::move(*dir));
    std::vector<fs::path> env = envDataDirs();
    const bool preferEnv = environmentFlag("JUPYTER_PREFER_ENV_PATH");
    for (auto *group : preferEnv ? std::array{&env, &user} : std::array{&user, &env})
        dirs.insert(dirs.end(), group->begin(), group->end());
    const std::vector<fs::path> system = systemDataDirs();
    dirs.insert(dirs.end(), system.begin(), system.end());

    std::vector<fs::path> unique;
    for (fs::path &dir : dirs) {
        if (std::find(unique.begin(), unique.end(), dir) == unique.end())
            unique.push_back(std::move(dir));
    }
    return unique;
}

KernelSpecFinder::KernelSpecFinder(std::vector<fs::path> dataDirs)
{
    m_kernelDirs.reserve(dataDirs.size());
    for (fs::path &dir : dataDirs)
        m_kernelDirs.push_back(std::move(dir) / "kernels");
}

const std::vector<fs::path> &KernelSpecFinder::kernelDirs() const { return m_kernelDirs; }

std::vector<KernelSpec> KernelSpecFinder::findAll() const
{
    // A malformed spec does not hide a valid one of the same name further down the path.
    std::map<std::string, KernelSpec> byName;
    for (const fs::path &kernelDir : m_kernelDirs) {
        for (const Candidate &candidate : candidatesIn(kernelDir)) {
            if (byName.contains(candidate.name))
                continue;
            if (auto spec = readKernelSpec(candidate.dir, nullptr))
                byName.emplace(candidate.name, std::move(*spec));
        }
    }
    std::vector<KernelSpec> specs;
    specs.reserve(byName.size());
    for (auto &entry : byName)
        specs.push_back(std::move(entry.second));
    return specs;
}

KernelSpecFinder::FindResult KernelSpecFinder::find(std::string_view name) const
{
    const std::string wanted = lowerCase(name);
    std::string problems;
    for (const fs::path &kernelDir : m_kernelDirs) {
        for (const Candidate &candidate : candidatesIn(kernelDir)) {
            if (candidate.name != wanted)
                continue;
            std::string error;
            if (auto spec = readKernelSpec(candidate.dir, &error))
                return {std::move(spec), {}};
            problems += "; skipped " + error;
        }
    }
    std::string names;
    for (const KernelSpec &spec : findAll())
        names += (names.empty() ? "" : ", ") + spec.name;
    std::string dirs;
    for (const fs::path &kernelDir : m_kernelDirs)
        dirs += (dirs.empty() ? "" : ", ") + kernelDir.string();
    return {std::nullopt, "No such kernel named '" + std::string(name) + "'" + problems + "; available: "
                              + (names.empty() ? "none" : names) + "; searched: " + (dirs.empty() ? "no directories" : dirs)};
}

} // namespace Notebench::Protocol
