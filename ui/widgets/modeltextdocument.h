#pragma once

#include <QList>
#include <QTextDocument>

namespace rill {

// A document for text that came from a model or a server: Markdown whose raw
// HTML is shown as the characters it is, and which never loads a resource.
// A model's answer is not trusted markup: `<img src="x">` must not blank the
// paragraphs after it, and `![](file:///etc/passwd)` must not make the window
// read a file or fetch a URL (QTextDocument::loadResource reads local files
// by default). Every place that renders such text uses this class.
class ModelTextDocument : public QTextDocument
{
    Q_OBJECT
public:
    explicit ModelTextDocument(QObject *parent = nullptr);

    // GitHub-flavoured Markdown (tables, strikethrough, task lists) without HTML,
    // code blocks wrapped to the width.
    void setModelMarkdown(const QString &markdown);

    // A fenced code block as laid out: its lines are the blocks numbered
    // firstBlock to lastBlock. The first one has a top margin as tall as
    // headerHeight(), where the chat draws the language and a Copy button.
    struct CodeBlock
    {
        int firstBlock;
        int lastBlock;
        QString language;
        QString code;
    };
    const QList<CodeBlock> &codeBlocks() const { return m_codeBlocks; }
    qreal headerHeight() const;

    // How many resources (images, style sheets) documents of this class were
    // asked for and refused since the program started, on any thread.
    static int refusedResourceCount();

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    // Markdown images (`![alt](url)`) become their alt text and URL, in italics.
    void replaceImagesWithText();
    // Fenced code gets its own background and GNU source-highlight's colours.
    void highlightCodeBlocks();
    // Long lines of code wrap inside the bubble instead of being cut off.
    void wrapCodeBlocks();
    // The cells of a table row put their first lines on one baseline.
    void alignTableBaselines();

    QList<CodeBlock> m_codeBlocks;
};

} // namespace rill
