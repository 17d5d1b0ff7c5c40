#include "splitlines.h"

namespace Notebench::Document {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    forEachLine(text, [&lines](std::string_view line) { lines.push_back(line); });
    return lines;
}

nlohmann::json toMultiline(std::string_view text)
{
    nlohmann::json lines = nlohmann::json::array();
    forEachLine(text, [&lines](std::string_view line) { lines.push_back(std::string(line)); });
    return lines;
}

std::string joinLines(const nlohmann::json& stringOrList)
{
    if (stringOrList.is_string())
        return stringOrList.get<std::string>();
    std::string joined;
    if (!stringOrList.is_array())
        return joined;
    for (const nlohmann::json& line : stringOrList) {
        if (line.is_string())
            joined += line.get_ref<const std::string&>();
    }
    return joined;
}

} // namespace Notebench::Document
