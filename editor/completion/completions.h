#pragma once

#include <QList>
#include <QString>

#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace Notebench::Completion {

/// Who answered: the kernel (live objects) or the static analyser beside it (jedi).
enum class Source { Kernel, Static };
QString sourceName(Source source);

/// One match: the text that replaces the range, its kind ("function", "class", "module",
/// "keyword", "instance", "statement", "path", "dict key", … as IPython and jedi name them)
/// and a call signature when known ("(sep=' ', end='\n')").
struct CompletionItem {
    QString text;
    QString type;
    QString signature;
    bool operator==(const CompletionItem&) const = default;
};

/// An answer to one completion request: the items replace [start, end) of the cell, counted in
/// code points as the protocol does.
struct Completions {
    Source source = Source::Kernel;
    int start = 0;
    int end = 0;
    QList<CompletionItem> items;
};

/// An answer to one inspect request; `text` may carry ANSI escapes (IPython colours it).
struct Documentation {
    Source source = Source::Kernel;
    bool found = false;
    QString text;
};

/// Reads complete_reply content, with the kinds and signatures of IPython's
/// metadata._jupyter_types_experimental when present. nullopt when the reply is an error or
/// malformed; item ranges that differ from the reply's are widened to it.
std::optional<Completions> completionsFromReply(const nlohmann::json& content, const QString& code);
/// Reads inspect_reply content (data["text/plain"]).
Documentation documentationFromReply(const nlohmann::json& content);
/// Reads the static helper's answer to "complete" (see resources/completion/jedi_helper.py).
std::optional<Completions> completionsFromHelper(const nlohmann::json& answer);
Documentation documentationFromHelper(const nlohmann::json& answer);

} // namespace Notebench::Completion
