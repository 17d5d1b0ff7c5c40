#pragma once

#include <QString>
#include <QStringView>

#include <cstdint>
#include <vector>

namespace Notebench::Editor {

/// A terminal colour as an SGR sequence names it: the terminal default, one of the 256 indexed
/// colours (0–15 are the 16 ANSI colours), or 24-bit RGB.
struct AnsiColor {
    enum class Kind : std::uint8_t { Default, Indexed, Rgb };
    Kind kind = Kind::Default;
    std::uint8_t index = 0;
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;
    bool operator==(const AnsiColor&) const = default;
};

/// The SGR attributes in force for a stretch of text.
struct AnsiStyle {
    AnsiColor foreground;
    AnsiColor background;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;   ///< kept as a flag: the adapter swaps colours, so the parser stays UI-free
    bool operator==(const AnsiStyle&) const = default;
};

/// A stretch of text with one style.
struct AnsiRun {
    QString text;
    AnsiStyle style;
};

/// Splits terminal output (stream text, tracebacks) into styled runs, the way a terminal would
/// show it: SGR colours and attributes applied, '\r' returns to the line start and overwrites,
/// '\b' steps back one column, and other escape sequences (cursor moves, OSC titles) dropped.
/// No UI in here (qtconsole's split); AnsiFormat turns a style into a QTextCharFormat.
class AnsiText {
public:
    /// Parses `text`, starting from the default style.
    static std::vector<AnsiRun> parse(QStringView text);
    /// The text without any escape sequences, after '\r' and '\b' are applied.
    static QString plainText(QStringView text);
};

} // namespace Notebench::Editor
