#include "ui/widgets/codehighlighter.h"

#include <QHash>
#include <QLoggingCategory>

#include <boost/shared_ptr.hpp>
#include <exception>
#include <optional>
#include <srchilite/formatter.h>
#include <srchilite/formattermanager.h>
#include <srchilite/formatterparams.h>
#include <srchilite/instances.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/langmap.h>
#include <srchilite/sourcehighlighter.h>

Q_LOGGING_CATEGORY(lcHighlight, "rill.highlight")

namespace rill {

namespace {

// Collects what source-highlight reports for one element into the line's spans.
class SpanFormatter : public srchilite::Formatter
{
public:
    SpanFormatter(QString element, QList<CodeHighlighter::Span> *spans, const QByteArray *line)
        : m_element(std::move(element))
        , m_spans(spans)
        , m_line(line)
    { }

    void format(const std::string &text, const srchilite::FormatterParams *params) override
    {
        if (!params || params->start < 0 || text.empty())
            return;
        // source-highlight counts bytes of UTF-8; the document counts UTF-16 units.
        const int start = int(QString::fromUtf8(m_line->left(params->start)).size());
        const int length = int(QString::fromUtf8(text.data(), qsizetype(text.size())).size());
        m_spans->append({ start, length, m_element });
    }

private:
    QString m_element;
    QList<CodeHighlighter::Span> *m_spans;
    const QByteArray *m_line;
};

const QStringList &elements()
{
    static const QStringList names { QStringLiteral("keyword"), QStringLiteral("type"),
        QStringLiteral("usertype"), QStringLiteral("string"), QStringLiteral("regexp"),
        QStringLiteral("specialchar"), QStringLiteral("comment"), QStringLiteral("number"),
        QStringLiteral("preproc"), QStringLiteral("function"), QStringLiteral("classname"),
        QStringLiteral("variable"), QStringLiteral("label"), QStringLiteral("todo"),
        QStringLiteral("property"), QStringLiteral("value") };
    return names;
}

// The language definition file for a fence's language, or nothing.
std::optional<std::string> langFile(const QString &language)
{
    const QString name = language.trimmed().toLower().section(u' ', 0, 0);
    if (name.isEmpty())
        return std::nullopt;
    static QHash<QString, std::string> known; // the map file is read once
    if (const auto it = known.constFind(name); it != known.cend())
        return it->empty() ? std::nullopt : std::optional(*it);
    std::string file;
    try {
        file = srchilite::Instances::getLangMap()->getMappedFileName(name.toStdString());
    } catch (const std::exception &error) {
        qCWarning(lcHighlight) << "source-highlight's language map:" << error.what();
    }
    known.insert(name, file);
    return file.empty() ? std::nullopt : std::optional(file);
}

} // namespace

bool CodeHighlighter::knows(const QString &language)
{
    return langFile(language).has_value();
}

QList<QList<CodeHighlighter::Span>> CodeHighlighter::highlight(
    const QString &language, const QString &code)
{
    const auto file = langFile(language);
    if (!file)
        return {};
    srchilite::HighlightStatePtr state;
    try {
        state = srchilite::Instances::getLangDefManager()->getHighlightState(*file);
    } catch (const std::exception &error) {
        qCWarning(lcHighlight) << "source-highlight cannot read" << file->c_str() << error.what();
        return {};
    }
    QList<Span> spans;
    QByteArray line;
    srchilite::FormatterManager formatters(
        srchilite::FormatterPtr(new SpanFormatter(QString(), &spans, &line)));
    for (const QString &element : elements()) {
        formatters.addFormatter(element.toStdString(),
            srchilite::FormatterPtr(new SpanFormatter(element, &spans, &line)));
    }
    srchilite::SourceHighlighter highlighter(state);
    srchilite::FormatterParams params;
    highlighter.setFormatterManager(&formatters);
    highlighter.setFormatterParams(&params);
    // Each match reported where it is: with optimize on, runs of one element
    // are buffered and reported with the start of the last one.
    highlighter.setOptimize(false);

    QList<QList<Span>> lines;
    for (const QStringView text : QStringView(code).split(u'\n')) {
        line = text.toUtf8();
        spans.clear();
        try {
            highlighter.highlightParagraph(line.toStdString());
        } catch (const std::exception &error) {
            qCWarning(lcHighlight) << "source-highlight failed:" << error.what();
            return {};
        }
        // The default formatter's plain text needs no format.
        spans.removeIf([](const Span &span) { return span.element.isEmpty(); });
        lines.append(spans);
    }
    return lines;
}

QTextCharFormat CodeHighlighter::format(const QString &element, bool darkBackground)
{
    // Colours with a contrast of at least 4.5 against the code block's
    // background in either theme (#f6f8fa light, #161b22 dark).
    struct Style
    {
        const char *light;
        const char *dark;
        bool bold = false;
        bool italic = false;
    };
    static const QHash<QString, Style> styles {
        { QStringLiteral("keyword"), { "#a626a4", "#ff7b72", true } },
        { QStringLiteral("type"), { "#0550ae", "#79c0ff" } },
        { QStringLiteral("usertype"), { "#0550ae", "#79c0ff" } },
        { QStringLiteral("classname"), { "#0550ae", "#79c0ff" } },
        { QStringLiteral("string"), { "#0a6b2b", "#a5d6ff" } },
        { QStringLiteral("regexp"), { "#0a6b2b", "#a5d6ff" } },
        { QStringLiteral("specialchar"), { "#0a6b2b", "#a5d6ff" } },
        { QStringLiteral("comment"), { "#57606a", "#8b949e", false, true } },
        { QStringLiteral("todo"), { "#57606a", "#8b949e", true, true } },
        { QStringLiteral("number"), { "#953800", "#ffa657" } },
        { QStringLiteral("preproc"), { "#953800", "#ffa657" } },
        { QStringLiteral("function"), { "#6639ba", "#d2a8ff" } },
        { QStringLiteral("variable"), { "#953800", "#ffa657" } },
        { QStringLiteral("label"), { "#953800", "#ffa657" } },
        { QStringLiteral("property"), { "#0550ae", "#79c0ff" } },
        { QStringLiteral("value"), { "#0a6b2b", "#a5d6ff" } },
    };
    QTextCharFormat format;
    const auto it = styles.constFind(element);
    if (it == styles.cend())
        return format;
    format.setForeground(QColor(QLatin1String(darkBackground ? it->dark : it->light)));
    if (it->bold)
        format.setFontWeight(QFont::Bold);
    if (it->italic)
        format.setFontItalic(true);
    return format;
}

} // namespace rill
