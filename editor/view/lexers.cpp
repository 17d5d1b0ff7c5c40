#include "view/lexers.h"

#include <Qsci/qscilexerbash.h>
#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexercsharp.h>
#include <Qsci/qscilexerfortran.h>
#include <Qsci/qscilexerjava.h>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerlua.h>
#include <Qsci/qscilexermatlab.h>
#include <Qsci/qscilexeroctave.h>
#include <Qsci/qscilexerperl.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexerruby.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>

#include <utility>

namespace Notebench::Editor {

namespace {

// Kernel language names (language_info.name / kernelspec language) as kernels spell them.
std::unique_ptr<QsciLexer> makeLexer(const QString& name)
{
    if (name == u"python" || name == u"python3" || name == u"ipython")
        return std::make_unique<QsciLexerPython>();
    if (name == u"c++" || name == u"cpp" || name == u"c" || name == u"cuda" || name == u"go" || name == u"rust")
        return std::make_unique<QsciLexerCPP>();   // C-like enough for keywords, strings, comments
    if (name == u"java" || name == u"kotlin" || name == u"scala")
        return std::make_unique<QsciLexerJava>();
    if (name == u"c#" || name == u"csharp")
        return std::make_unique<QsciLexerCSharp>();
    if (name == u"javascript" || name == u"typescript")
        return std::make_unique<QsciLexerJavaScript>();
    if (name == u"bash" || name == u"sh" || name == u"shell" || name == u"zsh")
        return std::make_unique<QsciLexerBash>();
    if (name == u"ruby")
        return std::make_unique<QsciLexerRuby>();
    if (name == u"lua")
        return std::make_unique<QsciLexerLua>();
    if (name == u"sql")
        return std::make_unique<QsciLexerSQL>();
    if (name == u"perl")
        return std::make_unique<QsciLexerPerl>();
    if (name == u"matlab")
        return std::make_unique<QsciLexerMatlab>();
    if (name == u"octave")
        return std::make_unique<QsciLexerOctave>();
    if (name == u"fortran")
        return std::make_unique<QsciLexerFortran>();
    return nullptr;
}

void colourPython(QsciLexer& lexer, const Theme& theme)
{
    using L = QsciLexerPython;
    const std::pair<int, QColor> styles[] = {
        {L::Keyword, theme.keyword},
        {L::Comment, theme.comment},
        {L::CommentBlock, theme.comment},
        {L::Number, theme.number},
        {L::DoubleQuotedString, theme.string},
        {L::SingleQuotedString, theme.string},
        {L::TripleSingleQuotedString, theme.string},
        {L::TripleDoubleQuotedString, theme.string},
        {L::DoubleQuotedFString, theme.string},
        {L::SingleQuotedFString, theme.string},
        {L::TripleSingleQuotedFString, theme.string},
        {L::TripleDoubleQuotedFString, theme.string},
        {L::UnclosedString, theme.string},
        {L::ClassName, theme.definition},
        {L::FunctionMethodName, theme.definition},
        {L::Decorator, theme.decorator},
        {L::Operator, theme.operatorColor},
        {L::HighlightedIdentifier, theme.keyword},
    };
    for (const auto& [style, colour] : styles)
        lexer.setColor(colour, style);
}

} // namespace

std::unique_ptr<QsciLexer> lexerForLanguage(const QString& language, const QFont& font)
{
    auto lexer = makeLexer(language.toLower());
    if (lexer) {
        lexer->setFont(font);   // style -1: every style
        lexer->setDefaultFont(font);
        if (auto* python = qobject_cast<QsciLexerPython*>(lexer.get()))
            python->setAutoIndentStyle(QsciScintilla::AiMaintain);   // the kernel's is_complete deepens it
    }
    return lexer;
}

void colourLexer(QsciLexer& lexer, const Theme& theme)
{
    lexer.setPaper(theme.inputBackground);
    lexer.setDefaultPaper(theme.inputBackground);
    if (qobject_cast<QsciLexerPython*>(&lexer)) {
        lexer.setColor(theme.codeText);
        lexer.setDefaultColor(theme.codeText);
        colourPython(lexer, theme);
        return;
    }
    lexer.setDefaultColor(theme.codeText);
    for (int style = 0; style < 128; ++style) {
        if (lexer.description(style).isEmpty())
            continue;
        QColor colour = lexer.defaultColor(style);
        // Other lexers ship colours for white paper: on dark paper keep the hue, flip the lightness.
        if (theme.isDark && colour.lightness() < 128)
            colour = QColor::fromHsl(colour.hslHue(), colour.hslSaturation(), 255 - colour.lightness());
        lexer.setColor(colour, style);
    }
}

QString commentPrefix(const QString& language)
{
    const QString name = language.toLower();
    if (name.isEmpty())
        return {};
    if (name == u"sql" || name == u"lua")
        return QStringLiteral("--");
    if (name == u"matlab" || name == u"octave")
        return QStringLiteral("%");
    if (name == u"fortran")
        return QStringLiteral("!");
    const auto lexer = makeLexer(name);
    if (lexer && (qobject_cast<QsciLexerCPP*>(lexer.get())))   // Java, C#, JavaScript derive from it
        return QStringLiteral("//");
    return QStringLiteral("#");   // Python, R, Julia, Bash, Ruby, Perl and most kernels
}

} // namespace Notebench::Editor
