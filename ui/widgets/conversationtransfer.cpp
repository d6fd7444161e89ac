#include "ui/widgets/conversationtransfer.h"

#include "ui/store/conversationfile.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatmodeljson.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/markdownexport.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUuid>

namespace rill {

namespace {

const QString kDirectoryKey = QStringLiteral("transfer/directory");

QString lastDirectory()
{
    const QString kept = QSettings().value(kDirectoryKey).toString();
    if (!kept.isEmpty() && QFileInfo(kept).isDir())
        return kept;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void keepDirectory(const QString &file)
{
    QSettings().setValue(kDirectoryKey, QFileInfo(file).absolutePath());
}

QList<QString> localFiles(const QMimeData &mime)
{
    QList<QString> files;
    for (const QUrl &url : mime.urls()) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    }
    return files;
}

QAction *makeAction(QObject *parent, const QString &text, const QString &name,
    const QKeySequence &key, const QString &tip)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(name);
    action->setShortcut(key);
    action->setStatusTip(tip);
    return action;
}

} // namespace

ConversationTransfer *ConversationTransfer::install(
    QMainWindow *window, ConversationKeeper *keeper, ChatModel *model)
{
    auto *transfer = new ConversationTransfer(window, keeper, model);
    QMenuBar *bar = window->menuBar();
    auto *message = bar->findChild<QMenu *>(QStringLiteral("messageMenu"));
    if (message)
        bar->insertMenu(message->menuAction(), transfer->m_menu);
    else
        bar->addMenu(transfer->m_menu);
    for (QAction *action : transfer->m_menu->actions())
        window->addAction(action); // the shortcuts work with the menu closed
    // Drops land on the widget under the mouse that takes drops, else on the
    // window: the text fields take them too, so they hand files on to us.
    window->setAcceptDrops(true);
    window->installEventFilter(transfer);
    for (QWidget *child : window->findChildren<QWidget *>()) {
        if (child->acceptDrops())
            child->installEventFilter(transfer);
    }
    return transfer;
}

ConversationTransfer::ConversationTransfer(
    QMainWindow *window, ConversationKeeper *keeper, ChatModel *model)
    : QObject(window)
    , m_window(window)
    , m_keeper(keeper)
    , m_model(model)
{
    m_menu = new QMenu(tr("Co&nversation"), window);
    m_menu->setObjectName(QStringLiteral("conversationMenu"));
    m_exportMarkdown = makeAction(this, tr("Export as &Markdown…"),
        QStringLiteral("exportMarkdownAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        tr("Save this conversation as a Markdown document, to read or share"));
    m_exportJson = makeAction(this, tr("Export as &JSON…"), QStringLiteral("exportJsonAction"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J),
        tr("Save this conversation in Rill's own file format, to import it elsewhere"));
    m_import = makeAction(this, tr("&Import…"), QStringLiteral("importAction"),
        QKeySequence(Qt::CTRL | Qt::Key_O),
        tr("Add a conversation exported as JSON from Rill (or drop the file onto the window)"));
    connect(m_exportMarkdown, &QAction::triggered, this,
        [this] { chooseExportFile(Format::Markdown); });
    connect(m_exportJson, &QAction::triggered, this, [this] { chooseExportFile(Format::Json); });
    connect(m_import, &QAction::triggered, this, &ConversationTransfer::chooseImportFile);
    m_menu->addAction(m_exportMarkdown);
    m_menu->addAction(m_exportJson);
    m_menu->addSeparator();
    m_menu->addAction(m_import);

    connect(model, &ChatModel::rowsInserted, this, &ConversationTransfer::updateActions);
    connect(model, &ChatModel::rowsRemoved, this, &ConversationTransfer::updateActions);
    connect(model, &ChatModel::modelReset, this, &ConversationTransfer::updateActions);
    updateActions();
}

void ConversationTransfer::updateActions()
{
    const bool any = m_model->rowCount() > 0;
    m_exportMarkdown->setEnabled(any);
    m_exportJson->setEnabled(any);
}

QString ConversationTransfer::suggestedFileName(const QString &suffix) const
{
    QString name;
    if (const auto header = m_keeper->store()->header(m_keeper->currentId()))
        name = header->title;
    // Characters no file system minds; a title is free text.
    for (QChar &c : name) {
        if (c == u'/' || c == u'\\' || c == u':' || c == u'*' || c == u'?' || c == u'"' || c == u'<'
            || c == u'>' || c == u'|' || c.category() == QChar::Other_Control)
            c = u'_';
    }
    name = name.simplified().left(80);
    if (name.isEmpty() || name.startsWith(u'.'))
        name = tr("conversation");
    return name + suffix;
}

void ConversationTransfer::chooseExportFile(Format format)
{
    if (m_model->rowCount() == 0)
        return;
    m_keeper->saveCurrent(); // its title, and a name in the store for the JSON
    const bool markdown = format == Format::Markdown;
    auto *dialog
        = new QFileDialog(m_window, markdown ? tr("Export as Markdown") : tr("Export as JSON"),
            lastDirectory(), markdown ? tr("Markdown (*.md)") : tr("Rill conversation (*.json)"));
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(markdown ? QStringLiteral("md") : QStringLiteral("json"));
    dialog->selectFile(
        suggestedFileName(markdown ? QStringLiteral(".md") : QStringLiteral(".json")));
    connect(dialog, &QFileDialog::fileSelected, this, [this, markdown](const QString &path) {
        keepDirectory(path);
        if (markdown)
            exportMarkdown(path);
        else
            exportJson(path);
    });
    dialog->open();
}

void ConversationTransfer::chooseImportFile()
{
    auto *dialog = new QFileDialog(m_window, tr("Import a Conversation"), lastDirectory(),
        tr("Rill conversation (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("importDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        keepDirectory(path);
        importFile(path);
    });
    dialog->open();
}

bool ConversationTransfer::exportMarkdown(const QString &path)
{
    m_keeper->saveCurrent();
    ConversationHeader header;
    if (const auto stored = m_keeper->store()->header(m_keeper->currentId()))
        header = *stored;
    return writeFile(path, MarkdownExport::write(header, m_model->items()).toUtf8());
}

bool ConversationTransfer::exportJson(const QString &path)
{
    // What the store keeps, written by its own encoder: export is a copy.
    m_keeper->saveCurrent();
    QString error;
    const auto kept = m_keeper->store()->load(m_keeper->currentId(), &error);
    if (!kept) {
        showProblem(tr("The conversation could not be exported."), error);
        return false;
    }
    return writeFile(path, ConversationFile::encode(*kept));
}

bool ConversationTransfer::writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showProblem(tr("The conversation could not be exported to “%1”.")
                        .arg(QDir::toNativeSeparators(path)),
            file.errorString());
        return false;
    }
    m_window->statusBar()->showMessage(
        tr("Exported to %1").arg(QDir::toNativeSeparators(path)), 10000);
    emit exported(path);
    return true;
}

std::optional<QString> ConversationTransfer::importFile(const QString &path)
{
    QString reason;
    const auto id = importChecked(path, &reason);
    if (!id) {
        showProblem(
            tr("“%1” could not be imported: %2.")
                .arg(QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName(),
                    reason),
            tr("Rill imports the files it writes with Conversation ▸ Export as JSON…. "
               "Nothing was changed."));
        return std::nullopt;
    }
    m_window->statusBar()->showMessage(tr("Imported “%1”").arg(QFileInfo(path).fileName()), 10000);
    emit imported(*id);
    return id;
}

std::optional<QString> ConversationTransfer::importChecked(const QString &path, QString *reason)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *reason = tr("there is no such file");
        return std::nullopt;
    }
    if (info.isDir()) {
        *reason = tr("it is a folder, not a file");
        return std::nullopt;
    }
    if (info.size() > kMaxImportBytes) {
        *reason = tr("it is larger than %1 MB, more than any conversation")
                      .arg(kMaxImportBytes / (1024 * 1024));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = tr("it cannot be read (%1)").arg(file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(kMaxImportBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        *reason = tr("it cannot be read (%1)").arg(file.errorString());
        return std::nullopt;
    }
    if (bytes.size() > kMaxImportBytes) {
        *reason = tr("it is larger than %1 MB, more than any conversation")
                      .arg(kMaxImportBytes / (1024 * 1024));
        return std::nullopt;
    }
    // The store's own readers, and nothing else, decide what is a conversation:
    // the file, then its rows, as opening a kept conversation reads them.
    QString problem;
    auto conversation = ConversationFile::decode(bytes, &problem);
    const auto items
        = conversation ? chatItemsFromJson(conversation->items, &problem) : std::nullopt;
    if (!items) {
        const QString suffix = info.suffix().toLower();
        if (!conversation
            && (suffix == QStringLiteral("md") || suffix == QStringLiteral("markdown")
                || suffix == QStringLiteral("txt")))
            *reason = tr("it is a text or Markdown file, and only Rill's JSON files import");
        else
            *reason = problem;
        return std::nullopt;
    }
    // A copy, never the original: a new id (so nothing kept is replaced) and no
    // session (the server's record belongs to the conversation it came from;
    // the first message sends the turns as history instead).
    ConversationStore *store = m_keeper->store();
    Conversation copy { conversation->header, chatItemsToJson(*items) };
    do
        copy.header.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    while (store->contains(copy.header.id));
    copy.header.sessionId.clear();
    if (copy.header.title.trimmed().isEmpty()) {
        const auto firstUser = std::find_if(items->cbegin(), items->cend(),
            [](const ChatItem &item) { return item.kind == ChatItem::Kind::User; });
        copy.header.title = firstUser != items->cend()
            ? ConversationStore::titleFrom(firstUser->text)
            : tr("Imported conversation");
    }
    const auto saved = store->save(copy, &problem);
    if (!saved) {
        *reason = tr("it could not be saved (%1)").arg(problem);
        return std::nullopt;
    }
    m_keeper->open(saved->id);
    return saved->id;
}

void ConversationTransfer::importDropped(const QMimeData &mime)
{
    for (const QString &path : localFiles(mime)) {
        if (!importFile(path))
            break; // one message at a time
    }
}

bool ConversationTransfer::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (!drag->mimeData() || localFiles(*drag->mimeData()).isEmpty())
            break; // text dropped into the input stays the input's
        drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!drop->mimeData() || localFiles(*drop->mimeData()).isEmpty())
            break;
        drop->acceptProposedAction();
        importDropped(*drop->mimeData());
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void ConversationTransfer::showProblem(const QString &text, const QString &details)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Rill"), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("transferProblem"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not exec(): nothing waits on the user's answer
}

} // namespace rill
