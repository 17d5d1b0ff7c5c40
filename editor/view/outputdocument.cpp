#include "view/outputdocument.h"

#include "document/outputstreams.h"
#include "document/streamtext.h"
#include "view/ansiformat.h"
#include "view/theme.h"

#include <QLocale>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>

namespace Notebench::Editor {


namespace {

constexpr QLatin1StringView kFullOutputScheme("notebench-full-output:");

QString jsonText(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_array()) {
        // Lists of lines are joined on read; a stray list still shows rather than vanishing.
        QString joined;
        for (const auto& part : value)
            if (part.is_string())
                joined += QString::fromStdString(part.get<std::string>());
        return joined;
    }
    return {};
}

QString mimeBundleText(const nlohmann::json& data)
{
    if (!data.is_object() || data.empty())
        return {};
    if (const auto plain = data.find("text/plain"); plain != data.end())
        return jsonText(*plain);
    // Renderers for images and HTML arrive later; say what is there rather than show nothing.
    return QStringLiteral("[%1 output]").arg(QString::fromStdString(data.begin().key()));
}

QString elidedTail(const nlohmann::json& output)
{
    return jsonText(output[Document::kElidedKey].value("tail", nlohmann::json()));
}

// The line standing for a long stream's middle; a link, so a click opens the whole text.
void insertElisionLine(QTextCursor& cursor, const nlohmann::json& output, const QTextCharFormat& base)
{
    const auto& elided = output[Document::kElidedKey];
    const QLocale locale;
    const QString line = QObject::tr("\u2026 %1 more lines (%2) \u2014 Open full output")
                             .arg(locale.toString(elided.value("lines", qulonglong(0))),
                                  locale.formattedDataSize(qint64(elided.value("bytes", qulonglong(0))), 1,
                                                           QLocale::DataSizeSIFormat));
    QTextCharFormat link = base;
    link.setAnchor(true);
    link.setAnchorHref(OutputDocument::fullOutputLink(output));
    link.setFontItalic(true);
    link.setForeground(Theme::current().prompt);
    cursor.insertText(line, link);
}

} // namespace

QString OutputDocument::fullOutputLink(const nlohmann::json& output)
{
    const std::string file = output[Document::kElidedKey].value("file", std::string());
    return QString(kFullOutputScheme) + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(file)));
}

QString OutputDocument::spillFileOfLink(const QString& href)
{
    if (!href.startsWith(kFullOutputScheme))
        return {};
    return QUrl::fromPercentEncoding(href.mid(kFullOutputScheme.size()).toLatin1());
}

QString OutputDocument::text(const nlohmann::json& output)
{
    if (!output.is_object())
        return {};
    const std::string type = output.value("output_type", std::string());
    if (type == "stream" && Document::isElidedStream(output))
        return jsonText(output.value("text", nlohmann::json())) + elidedTail(output);
    if (type == "stream")
        return jsonText(output.value("text", nlohmann::json()));
    if (type == "error") {
        const auto traceback = output.find("traceback");
        if (traceback != output.end() && traceback->is_array() && !traceback->empty()) {
            QStringList lines;
            for (const auto& line : *traceback)
                lines << jsonText(line);
            return lines.join(u'\n');
        }
        return QString::fromStdString(output.value("ename", std::string()) + ": " + output.value("evalue", std::string()));
    }
    if (type == "execute_result" || type == "display_data")
        return mimeBundleText(output.value("data", nlohmann::json()));
    return {};
}

std::shared_ptr<QTextDocument> OutputDocument::build(const nlohmann::json& outputs, const QFont& font, int width)
{
    if (!outputs.is_array() || outputs.empty())
        return nullptr;
    // Shown as Jupyter shows them: a progress bar printed in pieces is one line, overwritten.
    nlohmann::json shownOutputs = outputs;
    Document::coalesceStreams(shownOutputs);
    auto document = std::make_shared<QTextDocument>();
    document->setDefaultFont(font);
    document->setDocumentMargin(0);
    document->setUndoRedoEnabled(false);
    QTextCursor cursor(document.get());
    QTextCharFormat base;
    bool first = true;
    for (const auto& output : shownOutputs) {
        if (Document::isElidedStream(output)) {
            // Head, one line for the middle, tail: never laid out at the size of the whole stream.
            QTextCharFormat format = base;
            if (output.value("name", std::string()) == "stderr")
                format.setBackground(Theme::current().stderrBackground);
            if (!first)
                cursor.insertBlock();
            first = false;
            QString head = jsonText(output.value("text", nlohmann::json()));
            if (head.endsWith(u'\n'))
                head.chop(1);
            AnsiFormat::insert(cursor, head, format);
            cursor.insertBlock();
            insertElisionLine(cursor, output, format);
            cursor.insertBlock();
            QString tail = elidedTail(output);
            if (tail.endsWith(u'\n'))
                tail.chop(1);
            AnsiFormat::insert(cursor, tail, format);
            continue;
        }
        QString shown = text(output);
        // Streams end in '\n'; the block break already ends the line.
        if (shown.endsWith(u'\n'))
            shown.chop(1);
        QTextCharFormat format = base;
        if (output.is_object() && output.value("name", std::string()) == "stderr")
            format.setBackground(Theme::current().stderrBackground);   // JupyterLab's stderr tint
        if (!first)
            cursor.insertBlock();
        first = false;
        AnsiFormat::insert(cursor, shown, format);
    }
    document->setTextWidth(std::max(width, 1));
    return document;
}

int OutputDocument::estimatedLines(const nlohmann::json& outputs)
{
    if (!outputs.is_array())
        return 0;
    int lines = 0;
    for (const auto& output : outputs) {
        const QString shown = text(output);
        lines += 1 + static_cast<int>(shown.count(u'\n')) - (shown.endsWith(u'\n') ? 1 : 0);
        if (Document::isElidedStream(output))
            lines += 1; // the line that stands for the middle
    }
    return lines;
}

} // namespace Notebench::Editor
