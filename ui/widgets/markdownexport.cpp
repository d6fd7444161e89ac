#include "ui/widgets/markdownexport.h"

#include <QLocale>
#include <QRegularExpression>

namespace rill {

namespace {

using Kind = ChatItem::Kind;

// Titles and details are one line in a task list: a newline would end the item.
QString oneLine(const QString &text)
{
    return text.simplified();
}

QString stateWords(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return MarkdownExport::tr("pending");
    case StepState::Running:
        return MarkdownExport::tr("running");
    case StepState::Done:
        return MarkdownExport::tr("done");
    case StepState::Failed:
        return MarkdownExport::tr("failed");
    }
    return {};
}

// Indents every line of `block` so that it belongs to the list item above it.
QString indented(const QString &block)
{
    QStringList lines = block.split(u'\n');
    for (QString &line : lines) {
        if (!line.isEmpty())
            line.prepend(QStringLiteral("  "));
    }
    return lines.join(u'\n');
}

QString planMarkdown(const ChatItem &item)
{
    QString out = QStringLiteral("**%1**\n\n").arg(MarkdownExport::tr("Plan"));
    for (const PlanStep &step : item.steps) {
        const bool done = step.state == StepState::Done;
        QString line = QStringLiteral("- [%1] ").arg(done ? QChar(u'x') : QChar(u' '));
        line += oneLine(step.title);
        if (step.hasToolDetail() && !step.title.contains(step.tool))
            line += QStringLiteral(" (`%1`)").arg(step.tool);
        if (!done)
            line += QStringLiteral(" — *%1*").arg(stateWords(step.state));
        if (!oneLine(step.detail).isEmpty())
            line += QStringLiteral(": ") + oneLine(step.detail);
        out += line + u'\n';
        if (step.hasToolDetail()) {
            out += u'\n'
                + indented(MarkdownExport::tr("Tool call `%1`, arguments:").arg(step.tool) + u'\n'
                    + MarkdownExport::fenced(step.arguments, QStringLiteral("json")))
                + u'\n';
            if (!step.result.isEmpty())
                out += u'\n'
                    + indented(
                        MarkdownExport::tr("Result:") + u'\n' + MarkdownExport::fenced(step.result))
                    + u'\n';
        }
    }
    if (item.end == RunEnd::Stopped)
        out += u'\n' + MarkdownExport::tr("*The plan was stopped.*") + u'\n';
    else if (item.end == RunEnd::Failed)
        out += u'\n' + MarkdownExport::tr("*The plan did not finish.*") + u'\n';
    return out;
}

// Text written as it is, with a fence it left open (a stopped answer) closed,
// so that what follows is not taken for code.
QString closedFences(const QString &text)
{
    static const QRegularExpression fenceLine(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
    QString open; // the fence that opened the code block we are in
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        const auto match = fenceLine.match(line);
        if (!match.hasMatch())
            continue;
        const QString fence = match.captured(1);
        if (open.isEmpty())
            open = fence;
        else if (fence.at(0) == open.at(0) && fence.size() >= open.size()
            && line.trimmed() == fence)
            open.clear();
    }
    return open.isEmpty() ? text : text + u'\n' + open;
}

QString thinkingMarkdown(const ChatItem &item)
{
    const QString summary = item.thinkingMs > 0
        ? MarkdownExport::tr("Thought for %1 s")
              .arg(QLocale::c().toString(double(item.thinkingMs) / 1000.0, 'f', 1))
        : MarkdownExport::tr("Thinking");
    // Blank lines around the text: Markdown inside <details> is then still Markdown.
    return QStringLiteral("<details>\n<summary>%1</summary>\n\n%2\n\n</details>\n")
        .arg(summary.toHtmlEscaped(), closedFences(item.text.trimmed()));
}

QString endNote(const ChatItem &item)
{
    if (item.end == RunEnd::Stopped)
        return u'\n' + MarkdownExport::tr("*Stopped.*") + u'\n';
    if (item.end == RunEnd::Failed)
        return u'\n' + MarkdownExport::tr("*Not finished.*") + u'\n';
    return {};
}

} // namespace

QString MarkdownExport::fenced(const QString &text, const QString &language)
{
    qsizetype longest = 0;
    static const QRegularExpression backticks(QStringLiteral("`+"));
    for (auto it = backticks.globalMatch(text); it.hasNext();)
        longest = std::max(longest, it.next().capturedLength());
    const QString fence(std::max<qsizetype>(3, longest + 1), u'`');
    QString body = text;
    if (!body.endsWith(u'\n'))
        body += u'\n';
    return fence + language + u'\n' + body + fence;
}

QString MarkdownExport::write(const ConversationHeader &header, const QList<ChatItem> &items)
{
    QString out = QStringLiteral("# %1\n\n")
                      .arg(header.title.isEmpty() ? tr("Conversation") : oneLine(header.title));
    if (header.created.isValid())
        out += tr("*Exported from Rill. Started %1.*")
                   .arg(header.created.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))
            + QStringLiteral("\n\n");
    // The heading goes once above an answer's rows (thinking, plan, text, error).
    bool assistantHeading = false;
    for (const ChatItem &item : items) {
        QString block;
        if (item.kind == Kind::User) {
            assistantHeading = false;
            block = QStringLiteral("## %1\n\n").arg(tr("You"));
            if (item.versions.size() > 1)
                block += tr("*Version %1 of %2 of this turn; only this one is exported.*")
                             .arg(item.shownVersion + 1)
                             .arg(item.versions.size())
                    + QStringLiteral("\n\n");
            block += closedFences(item.text.trimmed()) + u'\n';
        } else {
            if (!assistantHeading)
                out += QStringLiteral("## %1\n\n").arg(tr("Assistant"));
            assistantHeading = true;
            switch (item.kind) {
            case Kind::Assistant:
                block = closedFences(item.text.trimmed()) + u'\n' + endNote(item);
                break;
            case Kind::Plan:
                block = planMarkdown(item);
                break;
            case Kind::Thinking:
                block = thinkingMarkdown(item);
                break;
            case Kind::Error:
                block = QStringLiteral("> **%1** %2\n").arg(tr("Error:"), oneLine(item.text));
                break;
            case Kind::User:
                break;
            }
        }
        out += block + u'\n';
    }
    while (out.endsWith(QStringLiteral("\n\n")))
        out.chop(1);
    return out;
}

} // namespace rill
