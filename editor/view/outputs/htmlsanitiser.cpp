#include "view/outputs/htmlsanitiser.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

namespace Notebench::Editor {

namespace {

// The rich-text subset QTextDocument renders; any other tag is dropped and its content kept.
const QSet<QString>& allowedTags()
{
    static const QSet<QString> tags = {
        "a", "abbr", "address", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "dd", "del", "dfn",
        "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "nobr", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var"};
    return tags;
}

// Removed with everything inside them: code, foreign documents, and controls that do nothing here.
// <style> too: its rules would apply to the whole output, and could hide or recolour any of it.
const QSet<QString>& droppedWithContent()
{
    static const QSet<QString> tags = {"script", "style", "iframe", "object", "applet", "template", "textarea",
                                       "select", "button", "frameset", "noembed", "noframes", "title", "xmp"};
    return tags;
}

const QSet<QString>& allowedAttributes()
{
    static const QSet<QString> names = {"align", "valign", "width", "height", "border", "cellspacing", "cellpadding",
                                        "colspan", "rowspan", "bgcolor", "color", "face", "size", "href", "name",
                                        "id", "class", "src", "alt", "title", "style", "dir", "start", "type"};
    return names;
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

bool isNameChar(QChar c)
{
    return !isSpace(c) && c != u'>' && c != u'/' && c != u'=' && c != u'"' && c != u'\'' && c != u'<';
}

QString escapeAttribute(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        if (c == u'&')
            out += QLatin1String("&amp;");
        else if (c == u'"')
            out += QLatin1String("&quot;");
        else if (c == u'<')
            out += QLatin1String("&lt;");
        else if (c == u'>')
            out += QLatin1String("&gt;");
        else
            out += c;
    }
    return out;
}

QString escapeText(QStringView text)
{
    QString out;
    for (QChar c : text)
        out += c == u'&' ? QStringLiteral("&amp;") : c == u'<' ? QStringLiteral("&lt;") : c == u'>' ? QStringLiteral("&gt;") : QString(c);
    return out;
}

// What a browser compares against a scheme: no whitespace or control characters, lower case.
QString compact(QStringView url)
{
    QString out;
    for (QChar c : url)
        if (c.unicode() > 0x20 && c.unicode() != 0x7f)
            out += c.toLower();
    return out;
}

struct Attribute {
    QString name;
    QString value;   // entities decoded
};

struct Tag {
    QString name;
    bool end = false;
    bool selfClosing = false;
    std::vector<Attribute> attributes;
    qsizetype next = 0;   // the position after '>'
};

// Parses the tag starting at html[pos] == '<'; false when it is not a complete tag.
bool parseTag(QStringView html, qsizetype pos, Tag& tag)
{
    qsizetype i = pos + 1;
    if (i < html.size() && html[i] == u'/') {
        tag.end = true;
        ++i;
    }
    const qsizetype nameStart = i;
    while (i < html.size() && (html[i].isLetterOrNumber() || html[i] == u'-' || html[i] == u':'))
        ++i;
    if (i == nameStart || !html[nameStart].isLetter())
        return false;
    tag.name = html.mid(nameStart, i - nameStart).toString().toLower();
    while (i < html.size()) {
        while (i < html.size() && (isSpace(html[i]) || html[i] == u'/')) {
            if (html[i] == u'/')
                tag.selfClosing = true;
            ++i;
        }
        if (i >= html.size())
            return false;
        if (html[i] == u'>') {
            tag.next = i + 1;
            return true;
        }
        tag.selfClosing = false;
        const qsizetype attrStart = i;
        while (i < html.size() && isNameChar(html[i]))
            ++i;
        if (i == attrStart)
            return false;   // a stray quote or '<' inside a tag: not a tag a browser would agree on
        Attribute attribute{html.mid(attrStart, i - attrStart).toString().toLower(), {}};
        qsizetype j = i;
        while (j < html.size() && isSpace(html[j]))
            ++j;
        if (j < html.size() && html[j] == u'=') {
            ++j;
            while (j < html.size() && isSpace(html[j]))
                ++j;
            if (j >= html.size())
                return false;
            if (html[j] == u'"' || html[j] == u'\'') {
                const qsizetype close = html.indexOf(html[j], j + 1);
                if (close < 0)
                    return false;   // an unclosed quote swallows the rest: keep it as text
                attribute.value = HtmlSanitiser::decodeEntities(html.mid(j + 1, close - j - 1));
                i = close + 1;
            } else {
                const qsizetype valueStart = j;
                while (j < html.size() && !isSpace(html[j]) && html[j] != u'>')
                    ++j;
                attribute.value = HtmlSanitiser::decodeEntities(html.mid(valueStart, j - valueStart));
                i = j;
            }
        }
        tag.attributes.push_back(std::move(attribute));
    }
    return false;
}

bool isDataImage(QStringView url)
{
    const QString c = compact(url);
    return c.startsWith(QLatin1String("data:image/"));
}

std::optional<QString> keptValue(const QString& tag, const Attribute& attribute)
{
    if (!allowedAttributes().contains(attribute.name))
        return std::nullopt;
    if (attribute.name == u"href")
        return HtmlSanitiser::isSafeLink(attribute.value) ? std::optional(attribute.value) : std::nullopt;
    if (attribute.name == u"src")
        return tag == u"img" && isDataImage(attribute.value) ? std::optional(attribute.value) : std::nullopt;
    if (attribute.name == u"style") {
        // CSS can load (url(), old IE expression()) even where it cannot run anything.
        const QString c = compact(attribute.value);
        if (c.contains(QLatin1String("url(")) || c.contains(QLatin1String("expression(")) || c.contains(QLatin1String("javascript:")))
            return std::nullopt;
    }
    return attribute.value;
}

QString imageReplacement(const Tag& tag)
{
    QString alt;
    QString src;
    for (const Attribute& attribute : tag.attributes) {
        if (attribute.name == u"alt")
            alt = attribute.value;
        else if (attribute.name == u"src")
            src = attribute.value;
    }
    if (alt.trimmed().isEmpty())
        alt = QStringLiteral("image not loaded");
    return QStringLiteral("<span title=\"%1\"><i>[%2]</i></span>").arg(escapeAttribute(src), escapeText(alt));
}

qsizetype findEndTag(QStringView html, qsizetype from, const QString& name)
{
    const QString needle = QStringLiteral("</") + name;
    for (qsizetype at = html.indexOf(needle, from, Qt::CaseInsensitive); at >= 0;
         at = html.indexOf(needle, at + 1, Qt::CaseInsensitive)) {
        const qsizetype after = at + needle.size();
        if (after >= html.size() || !html[after].isLetterOrNumber()) {
            const qsizetype close = html.indexOf(u'>', after);
            return close < 0 ? html.size() : close + 1;
        }
    }
    return html.size();   // never closed: everything after it was inside it
}

} // namespace

QString HtmlSanitiser::decodeEntities(QStringView text)
{
    static const std::array<std::pair<const char*, char16_t>, 9> named = {{
        {"amp", u'&'}, {"lt", u'<'}, {"gt", u'>'}, {"quot", u'"'}, {"apos", u'\''},
        {"colon", u':'}, {"tab", u'\t'}, {"newline", u'\n'}, {"nbsp", 0xa0},
    }};
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'&') {
            out += text[i];
            continue;
        }
        qsizetype j = i + 1;
        if (j < text.size() && text[j] == u'#') {
            // Numeric references, with or without ';' and with any number of leading zeros.
            const bool hex = j + 1 < text.size() && (text[j + 1] == u'x' || text[j + 1] == u'X');
            qsizetype k = j + (hex ? 2 : 1);
            const qsizetype digits = k;
            while (k < text.size() && (hex ? (text[k].unicode() < 128 && std::isxdigit(text[k].toLatin1())) : text[k].isDigit()))
                ++k;
            bool ok = false;
            const uint code = k > digits && k - digits <= 10 ? text.mid(digits, k - digits).toUInt(&ok, hex ? 16 : 10) : 0;
            if (ok && code > 0 && code <= 0x10ffff) {
                out += QString::fromUcs4(reinterpret_cast<const char32_t*>(&code), 1);
                i = (k < text.size() && text[k] == u';') ? k : k - 1;
                continue;
            }
        } else {
            while (j < text.size() && text[j].isLetter())
                ++j;
            const QString name = text.mid(i + 1, j - i - 1).toString().toLower();
            const auto found = std::find_if(named.begin(), named.end(), [&](const auto& entry) { return name == QLatin1String(entry.first); });
            if (found != named.end()) {
                out += QChar(found->second);
                i = (j < text.size() && text[j] == u';') ? j : j - 1;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

bool HtmlSanitiser::isSafeLink(QStringView url)
{
    const QString c = compact(url);
    const qsizetype colon = c.indexOf(u':');
    static const QRegularExpression pathStart(QStringLiteral("[/?#]"));
    const qsizetype stop = c.indexOf(pathStart);
    // No scheme (a relative path or #anchor): the colon, if any, comes after a '/', '?' or '#'.
    if (colon < 0 || (stop >= 0 && stop < colon))
        return true;
    const QString scheme = c.left(colon);
    return scheme == u"http" || scheme == u"https" || scheme == u"mailto";
}

QString HtmlSanitiser::sanitise(QStringView html)
{
    QString out;
    out.reserve(html.size());
    qsizetype pos = 0;
    while (pos < html.size()) {
        const qsizetype lt = html.indexOf(u'<', pos);
        out += html.mid(pos, (lt < 0 ? html.size() : lt) - pos);
        if (lt < 0)
            break;
        if (html.mid(lt).startsWith(QLatin1String("<!--"))) {
            const qsizetype end = html.indexOf(QLatin1String("-->"), lt + 4);
            pos = end < 0 ? html.size() : end + 3;
            continue;
        }
        if (html.mid(lt).startsWith(QLatin1String("<!")) || html.mid(lt).startsWith(QLatin1String("<?"))) {
            const qsizetype end = html.indexOf(u'>', lt);
            pos = end < 0 ? html.size() : end + 1;
            continue;
        }
        Tag tag;
        if (!parseTag(html, lt, tag)) {
            out += QLatin1String("&lt;");   // not a tag: shown as the character it is
            pos = lt + 1;
            continue;
        }
        pos = tag.next;
        if (droppedWithContent().contains(tag.name)) {
            if (!tag.end && !tag.selfClosing)
                pos = findEndTag(html, pos, tag.name);
            continue;
        }
        if (!allowedTags().contains(tag.name))
            continue;
        if (tag.end) {
            out += QStringLiteral("</%1>").arg(tag.name);
            continue;
        }
        if (tag.name == u"img" && !std::any_of(tag.attributes.begin(), tag.attributes.end(), [](const Attribute& a) {
                return a.name == u"src" && isDataImage(a.value);
            })) {
            out += imageReplacement(tag);
            continue;
        }
        out += u'<' + tag.name;
        for (const Attribute& attribute : tag.attributes)
            if (const std::optional<QString> value = keptValue(tag.name, attribute))
                out += QStringLiteral(" %1=\"%2\"").arg(attribute.name, escapeAttribute(*value));
        out += tag.selfClosing ? QLatin1String(" />") : QLatin1String(">");
    }
    return out;
}

} // namespace Notebench::Editor
