#include "view/markdownmath.h"

#include "view/markdowncode.h"

namespace Notebench::Editor {

namespace {

enum class TokenKind { Dollar, DoubleDollar, OpenParen, CloseParen, OpenBracket, CloseBracket, Begin, End, OpenBrace,
                       CloseBrace, Break, Placeholder };

struct Token {
    TokenKind kind;
    qsizetype begin;
    qsizetype end;
    QStringView environment;   // Begin/End: "align*"
    bool beforeDigit = false;  // Dollar: a digit follows ("$5")
};

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// "\begin{name}" or "\end{name}" at `at` (name: letters, then an optional '*'); its length or 0.
qsizetype environmentLength(QStringView text, qsizetype at, QStringView keyword, QStringView& name)
{
    if (!text.mid(at + 1).startsWith(keyword) || at + 1 + keyword.size() >= text.size()
        || text[at + 1 + keyword.size()] != u'{')
        return 0;
    const qsizetype nameStart = at + 2 + keyword.size();
    qsizetype i = nameStart;
    while (i < text.size() && isAsciiLetter(text[i]))
        ++i;
    if (i < text.size() && text[i] == u'*')
        ++i;
    if (i >= text.size() || text[i] != u'}')
        return 0;
    name = text.mid(nameStart, i - nameStart);
    return i + 1 - at;
}

qsizetype placeholderLength(QStringView text, qsizetype at)
{
    if (!text.mid(at).startsWith(u"@@"))
        return 0;
    qsizetype i = at + 2;
    while (i < text.size() && text[i].isDigit() && text[i].unicode() < 128)
        ++i;
    return i > at + 2 && text.mid(i).startsWith(u"@@") ? i + 2 - at : 0;
}

// The delimiters, braces and paragraph breaks of `text`, code skipped (MATHSPLIT in latex.ts).
std::vector<Token> tokenize(QStringView text)
{
    const std::vector<MarkdownCodeRange> code = MarkdownCode::ranges(text);
    std::vector<Token> tokens;
    std::size_t nextCode = 0;
    const auto at = [&text](qsizetype i) { return i < text.size() ? text[i] : QChar(); };
    for (qsizetype i = 0; i < text.size();) {
        while (nextCode < code.size() && code[nextCode].end <= i)
            ++nextCode;
        if (nextCode < code.size() && i >= code[nextCode].begin) {
            i = code[nextCode].end;
            continue;
        }
        const QChar c = text[i];
        if (c == u'$') {
            if (at(i + 1) == u'$') {
                tokens.push_back({TokenKind::DoubleDollar, i, i + 2, {}});
                i += 2;
            } else {
                tokens.push_back({TokenKind::Dollar, i, i + 1, {}, at(i + 1).isDigit()});
                ++i;
            }
        } else if (c == u'\\') {
            const QChar n = at(i + 1);
            QStringView name;
            if (n == u'\\') {
                // "\\(" is how markdown writes \( ; any other "\\" is an escaped backslash, so the
                // character after it ("\\$") keeps its own meaning.
                const QChar d = at(i + 2);
                const TokenKind kind = d == u'(' ? TokenKind::OpenParen : d == u')' ? TokenKind::CloseParen
                                     : d == u'[' ? TokenKind::OpenBracket : TokenKind::CloseBracket;
                const bool delimiter = d == u'(' || d == u')' || d == u'[' || d == u']';
                if (delimiter)
                    tokens.push_back({kind, i, i + 3, {}});
                i += delimiter ? 3 : 2;
            } else if (const qsizetype length = environmentLength(text, i, u"begin", name)) {
                tokens.push_back({TokenKind::Begin, i, i + length, name});
                i += length;
            } else if (const qsizetype endLength = environmentLength(text, i, u"end", name)) {
                tokens.push_back({TokenKind::End, i, i + endLength, name});
                i += endLength;
            } else {
                i += (n == u'$' || n == u'{' || n == u'}') ? 2 : 1;   // escaped: plain text
            }
        } else if (c == u'{' || c == u'}') {
            tokens.push_back({c == u'{' ? TokenKind::OpenBrace : TokenKind::CloseBrace, i, i + 1, {}});
            ++i;
        } else if (c == u'\n') {
            // A run of line breaks and the blanks between them; two breaks make a paragraph end.
            const qsizetype start = i;
            int breaks = 0;
            while (i < text.size() && text[i].isSpace())
                breaks += text[i++] == u'\n' ? 1 : 0;
            if (breaks >= 2)
                tokens.push_back({TokenKind::Break, start, i, {}});
        } else if (const qsizetype length = placeholderLength(text, i)) {
            tokens.push_back({TokenKind::Placeholder, i, i + length, {}});
            i += length;
        } else {
            ++i;
        }
    }
    return tokens;
}

bool closes(const Token& open, const Token& candidate)
{
    switch (open.kind) {
    case TokenKind::Dollar:
        return candidate.kind == TokenKind::Dollar && !candidate.beforeDigit;
    case TokenKind::DoubleDollar:
        return candidate.kind == TokenKind::DoubleDollar;
    case TokenKind::OpenParen:
        return candidate.kind == TokenKind::CloseParen;
    case TokenKind::OpenBracket:
        return candidate.kind == TokenKind::CloseBracket;
    case TokenKind::Begin:
        return candidate.kind == TokenKind::End && candidate.environment == open.environment;
    default:
        return false;
    }
}

bool opensMath(TokenKind kind)
{
    return kind == TokenKind::Dollar || kind == TokenKind::DoubleDollar || kind == TokenKind::OpenParen
        || kind == TokenKind::OpenBracket || kind == TokenKind::Begin;
}

MathSpan makeSpan(QStringView text, const Token& open, const Token& close)
{
    MathSpan span;
    span.source = text.mid(open.begin, close.end - open.begin).toString();
    span.kind = open.kind == TokenKind::Dollar || open.kind == TokenKind::OpenParen ? MathSpan::Kind::Inline
                                                                                   : MathSpan::Kind::Display;
    span.tex = open.kind == TokenKind::Begin ? span.source
                                            : text.mid(open.end, close.begin - open.end).toString();
    return span;
}

} // namespace

QString MarkdownMath::placeholder(qsizetype index)
{
    return QStringLiteral("@@%1@@").arg(index);
}

qsizetype MarkdownMath::placeholderIndex(QStringView text)
{
    if (placeholderLength(text, 0) != text.size())
        return -1;
    bool ok = false;
    const qsizetype index = text.mid(2, text.size() - 4).toLongLong(&ok);
    return ok ? index : -1;
}

ProtectedMarkdown MarkdownMath::protect(QStringView markdown)
{
    QString normalized = markdown.toString();
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    const QStringView text(normalized);
    const std::vector<Token> tokens = tokenize(text);

    ProtectedMarkdown result;
    std::vector<std::pair<qsizetype, qsizetype>> taken;   // source ranges replaced, in order
    const auto take = [&](qsizetype begin, qsizetype end, MathSpan span) {
        taken.emplace_back(begin, end);
        result.spans.push_back(std::move(span));
    };
    qsizetype open = -1;   // token index of the open delimiter, -1 outside math
    qsizetype last = -1;   // a closing delimiter seen while braces were open: the fallback end
    int braces = 0;
    for (qsizetype i = 0; i < static_cast<qsizetype>(tokens.size()); ++i) {
        const Token& token = tokens[static_cast<std::size_t>(i)];
        if (open < 0) {
            if (token.kind == TokenKind::Placeholder)
                take(token.begin, token.end, {MathSpan::Kind::Literal, text.mid(token.begin, token.end - token.begin).toString(), {}});
            else if (opensMath(token.kind)) {
                open = i;
                last = -1;
                braces = 0;
            }
            continue;
        }
        const Token& start = tokens[static_cast<std::size_t>(open)];
        if (closes(start, token)) {
            if (braces > 0) {
                last = i;
            } else {
                take(start.begin, token.end, makeSpan(text, start, token));
                open = -1;
            }
        } else if (token.kind == TokenKind::Break) {
            // Math never crosses a paragraph; with braces unbalanced, the last closer seen ends it.
            if (last >= 0) {
                const Token& close = tokens[static_cast<std::size_t>(last)];
                take(start.begin, close.end, makeSpan(text, start, close));
                i = last;
            }
            open = -1;
        } else if (token.kind == TokenKind::OpenBrace) {
            ++braces;
        } else if (token.kind == TokenKind::CloseBrace && braces > 0) {
            --braces;
        }
    }
    if (open >= 0 && last >= 0) {
        const Token& start = tokens[static_cast<std::size_t>(open)];
        const Token& close = tokens[static_cast<std::size_t>(last)];
        take(start.begin, close.end, makeSpan(text, start, close));
    }

    qsizetype copied = 0;
    for (std::size_t k = 0; k < taken.size(); ++k) {
        result.text += text.mid(copied, taken[k].first - copied);
        result.text += placeholder(static_cast<qsizetype>(k));
        copied = taken[k].second;
    }
    result.text += text.mid(copied);
    return result;
}

QString MarkdownMath::restore(QStringView text, const std::vector<MathSpan>& spans)
{
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype length = placeholderLength(text, i);
        const qsizetype index = length ? placeholderIndex(text.mid(i, length)) : -1;
        if (index >= 0 && index < static_cast<qsizetype>(spans.size())) {
            result += spans[static_cast<std::size_t>(index)].source;
            i += length;
        } else {
            result += text[i++];
        }
    }
    return result;
}

} // namespace Notebench::Editor
