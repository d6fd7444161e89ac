#pragma once

#include <QObject>

#include <optional>

class QAction;
class QMainWindow;
class QMenu;
class QMimeData;

namespace rill {

class ChatModel;
class ConversationKeeper;

// Conversation ▸ Export as Markdown…, Export as JSON… and Import…, and a
// conversation file dropped onto the window. Markdown is for reading
// (MarkdownExport); JSON is Rill's own conversation file, exactly what the
// store keeps, and the only thing that imports. An import is read by the
// store's own reader (ConversationFile, then the chat rows' reader), so a file
// the store would refuse is refused here too, with a message and no change;
// one it accepts is added under a new id, listed, indexed and opened.
class ConversationTransfer : public QObject
{
    Q_OBJECT
public:
    // Larger files are refused unread: no conversation typed by hand gets near it.
    static constexpr qint64 kMaxImportBytes = 50LL * 1024 * 1024;

    // Adds the Conversation menu before the Message menu, and takes drops.
    static ConversationTransfer *install(
        QMainWindow *window, ConversationKeeper *keeper, ChatModel *model);

    QMenu *menu() const { return m_menu; }
    QAction *exportMarkdownAction() const { return m_exportMarkdown; }
    QAction *exportJsonAction() const { return m_exportJson; }
    QAction *importAction() const { return m_import; }

    // Write the conversation shown to `path`; a failure is shown to the user.
    bool exportMarkdown(const QString &path);
    bool exportJson(const QString &path);
    // The new conversation's id, or nullopt (the user was told why).
    std::optional<QString> importFile(const QString &path);

signals:
    void exported(const QString &path);
    void imported(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ConversationTransfer(QMainWindow *window, ConversationKeeper *keeper, ChatModel *model);
    enum class Format { Markdown, Json };
    void chooseExportFile(Format format);
    void chooseImportFile();
    bool writeFile(const QString &path, const QByteArray &bytes);
    // Reads and checks the file; sets `reason` (in the user's words) when it cannot.
    std::optional<QString> importChecked(const QString &path, QString *reason);
    void importDropped(const QMimeData &mime);
    void showProblem(const QString &text, const QString &details);
    void updateActions();
    QString suggestedFileName(const QString &suffix) const;

    QMainWindow *m_window;
    ConversationKeeper *m_keeper;
    ChatModel *m_model;
    QMenu *m_menu = nullptr;
    QAction *m_exportMarkdown = nullptr;
    QAction *m_exportJson = nullptr;
    QAction *m_import = nullptr;
};

} // namespace rill
