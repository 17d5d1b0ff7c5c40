#include "view/outputtext.h"

#include "document/outputstreams.h"
#include "document/streamtext.h"
#include "view/ansitext.h"

namespace Notebench::Editor::OutputText {

QString joinedText(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get_ref<const std::string&>());
    if (!value.is_array())
        return {};
    // Lists of lines are joined on read; a stray list still shows rather than vanishing.
    QString joined;
    for (const auto& part : value)
        if (part.is_string())
            joined += QString::fromStdString(part.get_ref<const std::string&>());
    return joined;
}

QString source(const nlohmann::json& output)
{
    if (!output.is_object())
        return {};
    const std::string type = output.value("output_type", std::string());
    if (type == "stream" && Document::isElidedStream(output)) {
        // Head, a line for the spilled middle, tail: what the view lays out, never the whole.
        return joinedText(output.value("text", nlohmann::json())) + QStringLiteral("\u2026\n")
            + joinedText(output[Document::kElidedKey].value("tail", nlohmann::json()));
    }
    if (type == "stream")
        return joinedText(output.value("text", nlohmann::json()));
    if (type == "error") {
        const auto traceback = output.find("traceback");
        if (traceback != output.end() && traceback->is_array() && !traceback->empty()) {
            QStringList lines;
            for (const auto& line : *traceback)
                lines << joinedText(line);
            return lines.join(u'\n');
        }
        return QString::fromStdString(output.value("ename", std::string()) + ": " + output.value("evalue", std::string()));
    }
    if (type != "execute_result" && type != "display_data")
        return {};
    const auto data = output.find("data");
    if (data == output.end() || !data->is_object() || data->empty())
        return {};
    if (const auto plain = data->find("text/plain"); plain != data->end())
        return joinedText(*plain);
    return QStringLiteral("[%1 output]").arg(QString::fromStdString(data->begin().key()));
}

QStringList shown(const nlohmann::json& outputs)
{
    if (!outputs.is_array() || outputs.empty())
        return {};
    // The same steps OutputArea::build takes, so a match is text the user can see.
    nlohmann::json shownOutputs = outputs;
    Document::coalesceStreams(shownOutputs);
    QStringList texts;
    texts.reserve(static_cast<qsizetype>(shownOutputs.size()));
    for (const auto& output : shownOutputs)
        texts << AnsiText::plainText(source(output));
    return texts;
}

} // namespace Notebench::Editor::OutputText
