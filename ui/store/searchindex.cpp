#include "ui/store/searchindex.h"

#include "ui/store/conversationfile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcIndex, "rill.search")

namespace rill {

namespace {

// Bumped whenever the schema or what is indexed changes: an index of another
// version is made anew from the files.
constexpr int kSchemaVersion = 3;
// Characters of context either side of a match in a snippet made here.
constexpr int kSnippetContext = 40;
// FTS5's trigram tokenizer needs three characters to look a term up.
constexpr int kTrigram = 3;

std::atomic<int> instances { 0 };

// Times as milliseconds since the epoch: listing 10 000 headers parsed
// twice as many ISO dates otherwise, tens of milliseconds before the first frame.
QVariant storedTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime parseTime(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

bool run(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    qCWarning(lcIndex).noquote() << what << "failed:" << query.lastError().text();
    return false;
}

bool run(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (query.exec(statement))
        return true;
    qCWarning(lcIndex).noquote() << statement << "failed:" << query.lastError().text();
    return false;
}

// A term as an FTS5 string: inside double quotes, quotes doubled. Operators
// and punctuation the user types are then searched for, not obeyed.
QString quoted(const QString &term)
{
    QString escaped = term;
    escaped.replace(u'"', QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

QString likePattern(const QString &term)
{
    QString escaped = term;
    escaped.replace(u'\\', QStringLiteral("\\\\"));
    escaped.replace(u'%', QStringLiteral("\\%"));
    escaped.replace(u'_', QStringLiteral("\\_"));
    return u'%' + escaped + u'%';
}

// A snippet like FTS5's for a match it could not find itself (a short term).
QString snippetAround(const QString &text, const QString &term)
{
    const qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive);
    if (at < 0)
        return text.left(2 * kSnippetContext).simplified();
    const qsizetype from = std::max<qsizetype>(0, at - kSnippetContext);
    const qsizetype to = std::min(text.size(), at + term.size() + kSnippetContext);
    QString snippet = (from > 0 ? QStringLiteral("…") : QString()) + text.mid(from, at - from)
        + SearchIndex::kMarkStart + text.mid(at, term.size()) + SearchIndex::kMarkEnd
        + text.mid(at + term.size(), to - at - term.size())
        + (to < text.size() ? QStringLiteral("…") : QString());
    return snippet.simplified();
}

} // namespace

SearchIndex::SearchIndex(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_connectionPrefix(QStringLiteral("rill-search-%1-").arg(++instances))
{
    if (m_path.isEmpty()) {
        // Shared between this index's connections, gone with the last one.
        m_memoryUri = QStringLiteral("file:rill-search-%1?mode=memory&cache=shared")
                          .arg(QUuid::createUuid().toString(QUuid::Id128));
    }
    openOrRebuild();
}

SearchIndex::~SearchIndex()
{
    m_stopping = true;
    waitForSync();
    QMutexLocker locker(&m_connectionsLock);
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QSqlDatabase SearchIndex::open(const QString &name) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    if (m_path.isEmpty()) {
        db.setDatabaseName(m_memoryUri);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    } else {
        db.setDatabaseName(m_path);
        // A sync and a save never write at once (m_writeLock); this covers
        // another Rill on the same folder.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    if (!db.open()) {
        qCWarning(lcIndex).noquote()
            << "cannot open the search index" << m_path << ":" << db.lastError().text();
        return db;
    }
    if (!m_path.isEmpty()) {
        // Readers never wait for the writer; a lost last transaction only
        // means a sync reads that file again.
        run(db, QStringLiteral("PRAGMA journal_mode=WAL"));
        run(db, QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

QSqlDatabase SearchIndex::database() const
{
    const QString name
        = m_connectionPrefix + QString::number(quintptr(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    QMutexLocker locker(&m_connectionsLock);
    m_connections.append(name);
    return open(name);
}

bool SearchIndex::openOrRebuild()
{
    QSqlDatabase db = database();
    if (db.isOpen()) {
        QSqlQuery query(db);
        // A file that is not a database fails here; one of another version is
        // made anew too. Cheap checks only: this runs before the first frame.
        const bool readable = query.exec(QStringLiteral("PRAGMA user_version")) && query.next();
        const int version = readable ? query.value(0).toInt() : -1;
        query.finish();
        if (version == kSchemaVersion
            && query.exec(QStringLiteral("SELECT count(*) FROM docs, fts WHERE docs.rowid = 1 "
                                         "AND fts.rowid = 1")))
            return true;
        if (version == 0 && readable && createSchema(db))
            return true; // a new file
        qCWarning(lcIndex).noquote()
            << "the search index" << m_path
            << "is damaged or of another version:" << query.lastError().text()
            << "- making it anew from the conversation files";
    }
    if (m_path.isEmpty())
        return false;
    // Close every connection before the file goes; they reopen the new one.
    {
        QMutexLocker locker(&m_connectionsLock);
        db = QSqlDatabase();
        for (const QString &name : std::as_const(m_connections))
            QSqlDatabase::removeDatabase(name);
        m_connections.clear();
    }
    for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
        QFile::remove(m_path + suffix);
    m_rebuilt = true;
    db = database();
    return db.isOpen() && createSchema(db);
}

bool SearchIndex::createSchema(QSqlDatabase &db) const
{
    // docs holds the headers (and the files' stamps); fts the text, under the
    // same rowid, so a conversation's text is replaced without a scan.
    return db.transaction()
        && run(db,
            QStringLiteral("CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, "
                           "id TEXT NOT NULL UNIQUE, title TEXT, created INTEGER, updated INTEGER, "
                           "session TEXT, options TEXT, modified INTEGER, size INTEGER)"))
        && run(db,
            QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, "
                           "tokenize = 'trigram')"))
        && run(db, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)) && db.commit();
}

bool SearchIndex::update(const Conversation &conversation)
{
    return update(conversation, FileStamp());
}

bool SearchIndex::update(const Conversation &conversation, const FileStamp &stamp)
{
    QMutexLocker locker(&m_writeLock);
    QSqlDatabase db = database();
    if (!db.transaction())
        return false;
    if (!upsert(db, conversation, stamp)) {
        db.rollback();
        return false;
    }
    return db.commit();
}

bool SearchIndex::upsert(QSqlDatabase &db, const Conversation &conversation, const FileStamp &stamp)
{
    const ConversationHeader &h = conversation.header;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT rowid FROM docs WHERE id = ?"));
    query.addBindValue(h.id);
    if (!run(query, "finding a conversation"))
        return false;
    const QVariant rowid = query.next() ? query.value(0) : QVariant();
    query.finish();
    if (rowid.isValid()) {
        // Out with the old rows: the new ones get the next rowid, so the
        // rowids follow the order conversations were last saved in, which is
        // the order results are listed in (see search()).
        for (const QString &table : { QStringLiteral("fts"), QStringLiteral("docs") }) {
            query.prepare(QStringLiteral("DELETE FROM %1 WHERE rowid = ?").arg(table));
            query.addBindValue(rowid);
            if (!run(query, "removing an old version"))
                return false;
        }
    }
    query.prepare(QStringLiteral("INSERT INTO docs (id, title, created, updated, session, "
                                 "options, modified, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(h.id);
    query.addBindValue(h.title);
    query.addBindValue(storedTime(h.created));
    query.addBindValue(storedTime(h.updated));
    query.addBindValue(h.sessionId);
    // Every field of the header, so that the list can come from here alone.
    query.addBindValue(h.options.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(h.options).toJson(QJsonDocument::Compact)));
    query.addBindValue(stamp.modifiedMs);
    query.addBindValue(stamp.size);
    if (!run(query, "saving a header"))
        return false;
    const QVariant newRowid = query.lastInsertId();
    query.prepare(QStringLiteral("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)"));
    query.addBindValue(newRowid);
    query.addBindValue(h.title);
    query.addBindValue(textOf(conversation.items));
    return run(query, "indexing text");
}

bool SearchIndex::remove(const QString &id)
{
    QMutexLocker locker(&m_writeLock);
    QSqlDatabase db = database();
    return removeFrom(db, id);
}

bool SearchIndex::removeFrom(QSqlDatabase &db, const QString &id)
{
    if (!db.transaction())
        return false;
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("DELETE FROM fts WHERE rowid = (SELECT rowid FROM docs WHERE id = ?)"));
    query.addBindValue(id);
    bool ok = run(query, "removing text");
    query.prepare(QStringLiteral("DELETE FROM docs WHERE id = ?"));
    query.addBindValue(id);
    ok = ok && run(query, "removing a header");
    if (!ok) {
        db.rollback();
        return false;
    }
    return db.commit();
}

QList<SearchIndex::Hit> SearchIndex::search(const QString &text, int limit) const
{
    QStringList matchTerms;
    QStringList likeTerms;
    for (const QString &term :
        text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        (term.size() >= kTrigram ? matchTerms : likeTerms).append(term);
    }
    if (matchTerms.isEmpty() && likeTerms.isEmpty())
        return {};
    // A memory database shares one cache, whose locks a busy timeout does
    // not wait for: there, searches take turns with writes.
    std::optional<QMutexLocker<QMutex>> turn;
    if (m_path.isEmpty())
        turn.emplace(&m_writeLock);
    QSqlDatabase db = database();
    QStringList where;
    if (!matchTerms.isEmpty())
        where << QStringLiteral("fts MATCH ?");
    for (qsizetype i = 0; i < likeTerms.size(); ++i)
        where << QStringLiteral("(fts.title LIKE ? ESCAPE '\\' OR fts.body LIKE ? ESCAPE '\\')");
    // FTS5 makes the snippet when it matched; LIKE alone cannot.
    const QString columns = matchTerms.isEmpty()
        ? QStringLiteral("docs.id, docs.title, fts.body")
        : QStringLiteral("docs.id, docs.title, snippet(fts, -1, char(2), char(3), '…', 48)");
    // Newest first, as the sidebar lists them: the rowids follow the saves
    // (see upsert()). FTS5 walks its matches in that order and stops at the
    // limit, where ranking them (ORDER BY rank) scores every match first: a
    // word in all 10 000 conversations took 31 ms that way, a two-letter one
    // (LIKE, reading every row) 62 ms (docs/benchmarks.md).
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM fts JOIN docs ON docs.rowid = fts.rowid WHERE %2 "
                                 "ORDER BY fts.rowid DESC LIMIT ?")
                      .arg(columns, where.join(QStringLiteral(" AND "))));
    if (!matchTerms.isEmpty()) {
        QStringList phrases;
        for (const QString &term : std::as_const(matchTerms))
            phrases << quoted(term);
        query.addBindValue(phrases.join(u' '));
    }
    for (const QString &term : std::as_const(likeTerms)) {
        query.addBindValue(likePattern(term));
        query.addBindValue(likePattern(term));
    }
    query.addBindValue(limit);
    QList<Hit> hits;
    if (!run(query, "searching"))
        return hits;
    while (query.next()) {
        QString snippet = query.value(2).toString();
        if (matchTerms.isEmpty())
            snippet = snippetAround(snippet, likeTerms.first());
        // One line in the list, whatever lines the messages had.
        hits.append({ query.value(0).toString(), query.value(1).toString(), snippet.simplified() });
    }
    return hits;
}

QHash<QString, SearchIndex::Entry> SearchIndex::entries() const
{
    std::optional<QMutexLocker<QMutex>> turn;
    if (m_path.isEmpty())
        turn.emplace(&m_writeLock);
    return entries(database());
}

QHash<QString, SearchIndex::Entry> SearchIndex::entries(const QSqlDatabase &db)
{
    QHash<QString, Entry> result;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT id, title, created, updated, session, options, modified, size FROM docs")))
        return result;
    while (query.next()) {
        Entry entry;
        entry.header.id = query.value(0).toString();
        entry.header.title = query.value(1).toString();
        entry.header.created = parseTime(query.value(2));
        entry.header.updated = parseTime(query.value(3));
        entry.header.sessionId = query.value(4).toString();
        entry.header.options = QJsonDocument::fromJson(query.value(5).toString().toUtf8()).object();
        entry.stamp = { query.value(6).toLongLong(), query.value(7).toLongLong() };
        result.insert(entry.header.id, entry);
    }
    return result;
}

qsizetype SearchIndex::count() const
{
    return entries().size();
}

QString SearchIndex::textOf(const QJsonArray &items)
{
    QStringList lines;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        const QString kind = item.value(QLatin1String("kind")).toString();
        if (kind == QLatin1String("user") || kind == QLatin1String("assistant")) {
            lines << item.value(QLatin1String("text")).toString();
        } else if (kind == QLatin1String("plan")) {
            for (const QJsonValue &step : item.value(QLatin1String("steps")).toArray())
                lines << step.toObject().value(QLatin1String("title")).toString()
                      << step.toObject().value(QLatin1String("detail")).toString();
        }
    }
    return lines.join(u'\n');
}

} // namespace rill
