#pragma once

#include "view/theme.h"

#include <QString>

#include <memory>

class QsciLexer;

namespace Notebench::Editor {

/// QScintilla's lexer for a kernel's language ("python", "c++", "julia", …), or null for plain
/// text. Every style uses `font`, so every line of a cell has one height.
std::unique_ptr<QsciLexer> lexerForLanguage(const QString& language, const QFont& font);
/// Colours a lexer's styles from the theme: Python by JupyterLab's table, others by their own
/// colours, lifted to stay readable on a dark background.
void colourLexer(QsciLexer& lexer, const Theme& theme);
/// The line-comment prefix of a language ("#", "//", "--", "%"); "" when it has none.
QString commentPrefix(const QString& language);

} // namespace Notebench::Editor
