#include "view/ansitext.h"

#include <QList>

namespace Notebench::Editor {

namespace {

constexpr QChar escape(0x1b);

// One screen line being written: characters and, per character, an index into the style list.
// A style index rather than a style per character keeps a long progress-bar line cheap.
struct LineBuffer {
    QString chars;
    std::vector<int> styles;
    qsizetype column = 0;

    void put(QChar c, int style)
    {
        if (column < chars.size()) {
            chars[column] = c;
            styles[static_cast<std::size_t>(column)] = style;
        } else {
            chars.append(c);
            styles.push_back(style);
        }
        ++column;
    }
};

class Parser {
public:
    explicit Parser(QStringView text) : m_text(text) { m_styles.push_back({}); }

    std::vector<AnsiRun> run()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos++];
            if (c == escape)
                escapeSequence();
            else if (c == u'\n')
                endLine(true);
            else if (c == u'\r')
                carriageReturn();
            else if (c == u'\b')
                m_line.column = std::max<qsizetype>(0, m_line.column - 1);
            else
                m_line.put(c, m_current);
        }
        endLine(false);
        return std::move(m_runs);
    }

private:
    void carriageReturn()
    {
        // "\r\n" is an ordinary line end; a lone '\r' rewinds so the next text overwrites (tqdm).
        if (m_pos < m_text.size() && m_text[m_pos] == u'\n')
            return;
        m_line.column = 0;
    }

    void endLine(bool newline)
    {
        for (std::size_t i = 0; i < m_line.styles.size(); ++i)
            append(m_line.chars[static_cast<qsizetype>(i)], m_line.styles[i]);
        if (newline)
            append(u'\n', m_current);
        m_line = {};
    }

    void append(QChar c, int style)
    {
        const AnsiStyle& s = m_styles[static_cast<std::size_t>(style)];
        if (m_runs.empty() || !(m_runs.back().style == s))
            m_runs.push_back({{}, s});
        m_runs.back().text.append(c);
    }

    void escapeSequence()
    {
        if (m_pos >= m_text.size())
            return;
        const QChar kind = m_text[m_pos++];
        if (kind == u'[')
            controlSequence();
        else if (kind == u']')
            operatingSystemCommand();
        // Any other two-character escape (ESC 7, ESC =, …) has no meaning for text: both dropped.
    }

    void controlSequence()
    {
        // ECMA-48: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
        const qsizetype start = m_pos;
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos].unicode();
            if (c >= 0x40 && c <= 0x7e) {
                ++m_pos;
                if (c == u'm')
                    selectGraphicRendition(m_text.mid(start, m_pos - 1 - start));
                return;
            }
            if (c < 0x20 || c > 0x3f) {
                // Malformed: stop here and let the offending character be read as text.
                return;
            }
            ++m_pos;
        }
    }

    void operatingSystemCommand()
    {
        // OSC ends with BEL or ST (ESC \); an unterminated one swallows the rest, as xterm does.
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos++];
            if (c == QChar(0x07))
                return;
            if (c == escape && m_pos < m_text.size() && m_text[m_pos] == u'\\') {
                ++m_pos;
                return;
            }
        }
    }

    void selectGraphicRendition(QStringView parameters)
    {
        std::vector<int> codes;
        for (QStringView part : parameters.split(u';')) {
            bool ok = false;
            const int value = part.isEmpty() ? 0 : part.toInt(&ok);
            codes.push_back(part.isEmpty() || ok ? value : -1);
        }
        AnsiStyle style = m_styles[static_cast<std::size_t>(m_current)];
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const int code = codes[i];
            if (code == 0) style = {};
            else if (code == 1) style.bold = true;
            else if (code == 3) style.italic = true;
            else if (code == 4) style.underline = true;
            else if (code == 7) style.inverse = true;
            else if (code == 22) style.bold = false;
            else if (code == 23) style.italic = false;
            else if (code == 24) style.underline = false;
            else if (code == 27) style.inverse = false;
            else if (code >= 30 && code <= 37) style.foreground = indexed(code - 30);
            else if (code >= 90 && code <= 97) style.foreground = indexed(code - 90 + 8);
            else if (code >= 40 && code <= 47) style.background = indexed(code - 40);
            else if (code >= 100 && code <= 107) style.background = indexed(code - 100 + 8);
            else if (code == 39) style.foreground = {};
            else if (code == 49) style.background = {};
            else if (code == 38 || code == 48)
                i += extendedColor(codes, i + 1, code == 38 ? style.foreground : style.background);
        }
        if (style == m_styles[static_cast<std::size_t>(m_current)])
            return;
        m_styles.push_back(style);
        m_current = static_cast<int>(m_styles.size()) - 1;
    }

    static AnsiColor indexed(int index)
    {
        return {AnsiColor::Kind::Indexed, static_cast<std::uint8_t>(index)};
    }

    // "38;5;N" or "38;2;R;G;B" after the 38/48; returns how many codes it used. Out-of-range or
    // missing components leave the colour alone but are still consumed, as xterm does.
    static std::size_t extendedColor(const std::vector<int>& codes, std::size_t at, AnsiColor& color)
    {
        const auto valid = [&](std::size_t i) { return i < codes.size() && codes[i] >= 0 && codes[i] <= 255; };
        if (at >= codes.size())
            return 0;
        if (codes[at] == 5) {
            if (valid(at + 1))
                color = indexed(codes[at + 1]);
            return std::min<std::size_t>(2, codes.size() - at);
        }
        if (codes[at] == 2) {
            if (valid(at + 1) && valid(at + 2) && valid(at + 3))
                color = {AnsiColor::Kind::Rgb, 0, static_cast<std::uint8_t>(codes[at + 1]),
                         static_cast<std::uint8_t>(codes[at + 2]), static_cast<std::uint8_t>(codes[at + 3])};
            return std::min<std::size_t>(4, codes.size() - at);
        }
        return 1;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    std::vector<AnsiStyle> m_styles;
    int m_current = 0;
    LineBuffer m_line;
    std::vector<AnsiRun> m_runs;
};

} // namespace

std::vector<AnsiRun> AnsiText::parse(QStringView text)
{
    return Parser(text).run();
}

QString AnsiText::plainText(QStringView text)
{
    QString result;
    for (const AnsiRun& run : parse(text))
        result += run.text;
    return result;
}

} // namespace Notebench::Editor
