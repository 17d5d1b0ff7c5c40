#include "protocol/kernelspec.h"

#include <fstream>
#include <sstream>

namespace Notebench::Protocol {

namespace {

// ASCII only, like the regex class [A-Za-z0-9_]; std::isalnum would depend on the locale.
bool isKeyChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string lowerCase(std::string text)
{
    for (char &c : text) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

// Reports "<file>: <problem>" and yields nullopt, so every failure names the file.
std::optional<KernelSpec> invalid(const std::filesystem::path &file, const std::string &problem,
                                  std::string *error)
{
    if (error)
        *error = file.string() + ": " + problem;
    return std::nullopt;
}

} // namespace

std::vector<std::string> formatArgv(const std::vector<std::string> &argv,
                                    const std::map<std::string, std::string> &values)
{
    std::vector<std::string> result;
    result.reserve(argv.size());
    for (const std::string &arg : argv) {
        std::string out;
        out.reserve(arg.size());
        std::size_t i = 0;
        while (i < arg.size()) {
            // Same scan as re.sub(r"\{([A-Za-z0-9_]+)\}", ...): on no match, retry one char later.
            std::size_t end = i + 1;
            if (arg[i] == '{') {
                while (end < arg.size() && isKeyChar(arg[end]))
                    ++end;
            }
            if (arg[i] == '{' && end > i + 1 && end < arg.size() && arg[end] == '}') {
                const auto known = values.find(arg.substr(i + 1, end - i - 1));
                if (known != values.end())
                    out += known->second;
                else
                    out.append(arg, i, end + 1 - i);
                i = end + 1;
            } else {
                out += arg[i];
                ++i;
            }
        }
        result.push_back(std::move(out));
    }
    return result;
}

std::optional<KernelSpec> readKernelSpec(const std::filesystem::path &dir, std::string *error)
{
    const std::filesystem::path file = dir / "kernel.json";
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        return invalid(file, "cannot be read", error);
    std::ostringstream text;
    text << stream.rdbuf();

    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error &e) {
        return invalid(file, std::string("is not valid JSON (") + e.what() + ")", error);
    }
    if (!json.is_object())
        return invalid(file, "does not hold a JSON object", error);

    KernelSpec spec;
    spec.name = lowerCase(dir.filename().string());
    spec.resourceDir = dir;

    // kernelspec schema: argv is required and has at least one string item.
    const auto argv = json.find("argv");
    if (argv == json.end() || !argv->is_array() || argv->empty())
        return invalid(file, "argv is missing or empty", error);
    for (const auto &item : *argv) {
        if (!item.is_string())
            return invalid(file, "argv must contain only strings", error);
        spec.argv.push_back(item.get<std::string>());
    }

    for (const auto &[key, target] : {std::pair{"display_name", &spec.displayName},
                                      std::pair{"language", &spec.language},
                                      std::pair{"interrupt_mode", &spec.interruptMode}}) {
        const auto it = json.find(key);
        if (it == json.end())
            continue;
        if (!it->is_string())
            return invalid(file, std::string(key) + " must be a string", error);
        *target = it->get<std::string>();
    }
    if (spec.interruptMode != "signal" && spec.interruptMode != "message")
        return invalid(file, "interrupt_mode must be \"signal\" or \"message\"", error);

    if (const auto env = json.find("env"); env != json.end()) {
        if (!env->is_object())
            return invalid(file, "env must be an object", error);
        for (const auto &[key, value] : env->items()) {
            if (!value.is_string())
                return invalid(file, "env value of " + key + " must be a string", error);
            spec.env.emplace(key, value.get<std::string>());
        }
    }
    if (const auto metadata = json.find("metadata"); metadata != json.end()) {
        if (!metadata->is_object())
            return invalid(file, "metadata must be an object", error);
        spec.metadata = *metadata;
    }
    return spec;
}

} // namespace Notebench::Protocol
