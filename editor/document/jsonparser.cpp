#include "jsonparser.h"

#include "jsonnumber.h"
#include "memory.h"

#include <array>
#include <limits>

namespace Notebench::Document {

namespace {

struct ParseFailure {
    std::size_t offset;
    std::string message;
};

// Bytes that can be copied straight into a string: printable ASCII other than '"' and '\\'.
constexpr std::array<bool, 256> makePlainTable()
{
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c)
        table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return table;
}
constexpr std::array<bool, 256> kPlain = makePlainTable();

void appendUtf8(std::string& out, std::uint32_t codePoint)
{
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    nlohmann::json parseDocument()
    {
        skipWhitespace();
        nlohmann::json value = parseValue(0);
        skipWhitespace();
        if (m_pos != m_text.size())
            fail("unexpected data after the end of the JSON document");
        return value;
    }

private:
    [[noreturn]] void fail(std::string message) const { throw ParseFailure{m_pos, std::move(message)}; }

    [[noreturn]] void failUnexpected() const
    {
        if (m_pos >= m_text.size())
            fail("unexpected end of file (the file looks truncated)");
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c >= 0x80 && utf8SequenceLength(m_text, m_pos) == 0)
            fail("invalid UTF-8 byte sequence (the file is not UTF-8 text)");
        if (c < 0x20 || c >= 0x7F)
            fail("unexpected byte 0x" + hexByte(c));
        fail(std::string("unexpected character '") + static_cast<char>(c) + "'");
    }

    static std::string hexByte(unsigned char c)
    {
        static constexpr char hex[] = "0123456789ABCDEF";
        return {hex[c >> 4], hex[c & 0xF]};
    }

    void skipWhitespace()
    {
        // Python json: whitespace is exactly space, tab, LF and CR.
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool consumeLiteral(std::string_view literal)
    {
        if (m_text.substr(m_pos, literal.size()) != literal)
            return false;
        m_pos += literal.size();
        return true;
    }

    nlohmann::json parseValue(int depth)
    {
        if (m_pos >= m_text.size())
            failUnexpected();
        switch (m_text[m_pos]) {
        case '{': return parseObject(depth + 1);
        case '[': return parseArray(depth + 1);
        case '"': return parseString();
        case 't': if (consumeLiteral("true")) return true; break;
        case 'f': if (consumeLiteral("false")) return false; break;
        case 'n': if (consumeLiteral("null")) return nullptr; break;
        case 'N': if (consumeLiteral("NaN")) return std::numeric_limits<double>::quiet_NaN(); break;
        case 'I': if (consumeLiteral("Infinity")) return std::numeric_limits<double>::infinity(); break;
        case '-':
            if (consumeLiteral("-Infinity"))
                return -std::numeric_limits<double>::infinity();
            return parseNumber();
        default:
            if (m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                return parseNumber();
            break;
        }
        failUnexpected();
    }

    void enter(int depth) const
    {
        if (depth > kMaxJsonDepth)
            fail("nesting is deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }

    nlohmann::json parseObject(int depth)
    {
        enter(depth);
        ++m_pos;
        nlohmann::json result = nlohmann::json::object();
        auto& object = result.get_ref<nlohmann::json::object_t&>();
        skipWhitespace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return result;
        }
        while (true) {
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                const bool printable = m_pos < m_text.size() && m_text[m_pos] > ' ' && m_text[m_pos] < 0x7F;
                if (printable && m_text[m_pos] != '}')
                    fail("expected a quoted property name");
                failUnexpected();
            }
            std::string key = parseString().get<std::string>();
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                m_pos >= m_text.size() ? failUnexpected() : fail("expected ':' after a property name");
            ++m_pos;
            skipWhitespace();
            // Python dicts keep the last of duplicate keys.
            object.insert_or_assign(std::move(key), parseValue(depth));
            skipWhitespace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return result;
            }
            m_pos >= m_text.size() ? failUnexpected() : fail("expected ',' or '}' in an object");
        }
    }

    nlohmann::json parseArray(int depth)
    {
        enter(depth);
        ++m_pos;
        nlohmann::json result = nlohmann::json::array();
        auto& array = result.get_ref<nlohmann::json::array_t&>();
        skipWhitespace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return result;
        }
        while (true) {
            skipWhitespace();
            array.push_back(parseValue(depth));
            skipWhitespace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return result;
            }
            m_pos >= m_text.size() ? failUnexpected() : fail("expected ',' or ']' in an array");
        }
    }

    nlohmann::json parseString()
    {
        ++m_pos; // opening quote
        const std::size_t start = m_pos;
        std::size_t runStart = start;
        std::string built;
        bool escaped = false;
        while (true) {
            // Hot loop: base64 images are megabytes of plain ASCII.
            while (m_pos < m_text.size() && kPlain[static_cast<unsigned char>(m_text[m_pos])])
                ++m_pos;
            if (m_pos >= m_text.size())
                fail("unexpected end of file inside a string (the file looks truncated)");
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                nlohmann::json value;
                if (!escaped) {
                    value = Detail::copyLargeString(m_text.substr(start, m_pos - start));
                } else {
                    built.append(m_text.substr(runStart, m_pos - runStart));
                    value = std::move(built);
                }
                ++m_pos;
                return value;
            }
            if (c == '\\') {
                if (!escaped) {
                    escaped = true;
                    built.reserve(m_pos - start + 16);
                }
                built.append(m_text.substr(runStart, m_pos - runStart));
                parseEscape(built);
                runStart = m_pos;
            } else if (c >= 0x80) {
                const std::size_t length = utf8SequenceLength(m_text, m_pos);
                if (length == 0)
                    fail("invalid UTF-8 byte sequence in a string (the file is not UTF-8 text)");
                m_pos += length;
            } else {
                fail("control character 0x" + hexByte(c) + " inside a string (it must be escaped)");
            }
        }
    }

    std::uint32_t parseHex4()
    {
        if (m_pos + 4 > m_text.size())
            fail("unexpected end of file in a \\u escape (the file looks truncated)");
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                fail("invalid \\u escape: expected four hex digits");
        }
        return value;
    }

    void parseEscape(std::string& out)
    {
        ++m_pos; // backslash
        if (m_pos >= m_text.size())
            fail("unexpected end of file in an escape (the file looks truncated)");
        const char c = m_text[m_pos++];
        switch (c) {
        case '"': out += '"'; return;
        case '\\': out += '\\'; return;
        case '/': out += '/'; return;
        case 'b': out += '\b'; return;
        case 'f': out += '\f'; return;
        case 'n': out += '\n'; return;
        case 'r': out += '\r'; return;
        case 't': out += '\t'; return;
        case 'u': break;
        default: --m_pos; fail(std::string("invalid escape '\\") + c + "' in a string");
        }
        std::uint32_t codePoint = parseHex4();
        if (codePoint >= 0xD800 && codePoint <= 0xDBFF && m_text.substr(m_pos, 2) == "\\u") {
            const std::size_t save = m_pos;
            m_pos += 2;
            const std::uint32_t low = parseHex4();
            if (low >= 0xDC00 && low <= 0xDFFF)
                codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
            else
                m_pos = save;
        }
        // Python keeps a lone surrogate, which UTF-8 cannot hold (and nbformat could not save); U+FFFD instead.
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF)
            codePoint = 0xFFFD;
        appendUtf8(out, codePoint);
    }

    nlohmann::json parseNumber()
    {
        // Python json NUMBER_RE: -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
        const std::size_t start = m_pos;
        const auto isDigit = [this] { return m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9'; };
        if (m_text[m_pos] == '-')
            ++m_pos;
        if (!isDigit())
            failUnexpected();
        if (m_text[m_pos] == '0')
            ++m_pos;
        else
            while (isDigit())
                ++m_pos;
        bool isFloat = false;
        if (m_pos + 1 < m_text.size() && m_text[m_pos] == '.' && m_text[m_pos + 1] >= '0' && m_text[m_pos + 1] <= '9') {
            isFloat = true;
            ++m_pos;
            while (isDigit())
                ++m_pos;
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            std::size_t exponent = m_pos + 1;
            if (exponent < m_text.size() && (m_text[exponent] == '+' || m_text[exponent] == '-'))
                ++exponent;
            if (exponent < m_text.size() && m_text[exponent] >= '0' && m_text[exponent] <= '9') {
                isFloat = true;
                m_pos = exponent;
                while (isDigit())
                    ++m_pos;
            }
        }
        return pythonNumber(m_text.substr(start, m_pos - start), isFloat);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

std::size_t utf8SequenceLength(std::string_view text, std::size_t i)
{
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const auto c = at(i);
    if (c < 0x80)
        return 1;
    const auto continuation = [&](std::size_t k, unsigned char low = 0x80, unsigned char high = 0xBF) {
        return k < text.size() && at(k) >= low && at(k) <= high;
    };
    if (c >= 0xC2 && c <= 0xDF)
        return continuation(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        // E0 needs A0..BF (no overlongs); ED needs 80..9F (no surrogates).
        const unsigned char low = c == 0xE0 ? 0xA0 : 0x80;
        const unsigned char high = c == 0xED ? 0x9F : 0xBF;
        return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        // F0 needs 90..BF (no overlongs); F4 needs 80..8F (nothing past U+10FFFF).
        const unsigned char low = c == 0xF0 ? 0x90 : 0x80;
        const unsigned char high = c == 0xF4 ? 0x8F : 0xBF;
        return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    }
    return 0;
}

bool parsePythonJson(std::string_view text, nlohmann::json& result, JsonParseError& error)
{
    try {
        result = Parser(text).parseDocument();
        return true;
    } catch (const ParseFailure& failure) {
        error.offset = failure.offset;
        error.message = failure.message;
    } catch (const std::bad_alloc&) {
        error.offset = 0;
        error.message = "not enough memory to read the file";
    }
    return false;
}

} // namespace Notebench::Document
