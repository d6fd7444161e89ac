#include "ui/widgets/chatmodeljson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace rill {

namespace {

using Kind = ChatItem::Kind;

const std::array<QString, 5> kKinds { QStringLiteral("user"), QStringLiteral("assistant"),
    QStringLiteral("plan"), QStringLiteral("error"), QStringLiteral("thinking") };
// Indexed by RunEnd; a completed run is written as no "end" at all.
const std::array<QString, 4> kEnds { QString(), QString(), QStringLiteral("stopped"),
    QStringLiteral("failed") };
const std::array<QString, 4> kStates { QStringLiteral("pending"), QStringLiteral("running"),
    QStringLiteral("done"), QStringLiteral("failed") };

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<QString, N> &names, const QString &name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name)
            return Enum(i);
    }
    return std::nullopt;
}

std::optional<PlanSteps> stepsFromJson(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    PlanSteps steps;
    for (const QJsonValue &entry : value.toArray()) {
        const QJsonObject object = entry.toObject();
        const auto state
            = fromName<StepState>(kStates, object.value(QLatin1String("state")).toString());
        if (!entry.isObject() || !state)
            return std::nullopt;
        PlanStep step { object.value(QLatin1String("title")).toString(), *state,
            object.value(QLatin1String("detail")).toString() };
        // A tool call's detail; files written before it had none.
        step.tool = object.value(QLatin1String("tool")).toString();
        step.arguments = object.value(QLatin1String("arguments")).toString();
        step.result = object.value(QLatin1String("result")).toString();
        steps.append(step);
    }
    return steps;
}

} // namespace

// Strict like the rows: every version but the one shown starts with a user row.
static bool versionsFromJson(const QJsonObject &object, ChatItem *item)
{
    const QJsonValue versions = object.value(QLatin1String("versions"));
    const int shown = object.value(QLatin1String("shownVersion")).toInt(-1);
    if (!versions.isArray() || shown < 0 || shown >= versions.toArray().size())
        return false;
    const QJsonArray array = versions.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const auto rows
            = array.at(i).isArray() ? chatItemsFromJson(array.at(i).toArray()) : std::nullopt;
        if (!rows || (i == shown) != rows->isEmpty()
            || (i != shown && rows->first().kind != Kind::User))
            return false;
        item->versions.append(*rows);
    }
    item->shownVersion = shown;
    return true;
}

QJsonArray chatItemsToJson(const QList<ChatItem> &items)
{
    QJsonArray array;
    for (const ChatItem &item : items) {
        QJsonObject object { { QStringLiteral("kind"), kKinds[std::size_t(item.kind)] } };
        if (item.kind == Kind::Plan) {
            QJsonArray steps;
            for (const PlanStep &step : item.steps) {
                QJsonObject entry { { QStringLiteral("title"), step.title },
                    { QStringLiteral("state"), kStates[std::size_t(step.state)] },
                    { QStringLiteral("detail"), step.detail } };
                if (step.hasToolDetail()) {
                    entry.insert(QStringLiteral("tool"), step.tool);
                    entry.insert(QStringLiteral("arguments"), step.arguments);
                    entry.insert(QStringLiteral("result"), step.result);
                }
                steps.append(entry);
            }
            object.insert(QStringLiteral("steps"), steps);
        } else {
            object.insert(QStringLiteral("text"), item.text);
        }
        if (!kEnds[std::size_t(item.end)].isEmpty())
            object.insert(QStringLiteral("end"), kEnds[std::size_t(item.end)]);
        if (item.kind == Kind::Thinking) {
            object.insert(QStringLiteral("thinkingMs"), item.thinkingMs);
            object.insert(QStringLiteral("expanded"), item.expanded);
        }
        if (item.stats)
            object.insert(QStringLiteral("stats"), item.stats->toJson());
        if (!item.versions.isEmpty()) {
            QJsonArray versions;
            for (const QList<ChatItem> &version : item.versions)
                versions.append(chatItemsToJson(version));
            object.insert(QStringLiteral("versions"), versions);
            object.insert(QStringLiteral("shownVersion"), item.shownVersion);
        }
        array.append(object);
    }
    return array;
}

std::optional<QList<ChatItem>> chatItemsFromJson(const QJsonArray &items, QString *error)
{
    QList<ChatItem> result;
    result.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject object = items.at(i).toObject();
        const auto kind = fromName<Kind>(kKinds, object.value(QLatin1String("kind")).toString());
        ChatItem item;
        bool ok = items.at(i).isObject() && kind.has_value();
        if (ok) {
            item.kind = *kind;
            if (item.kind == Kind::Plan) {
                const auto steps = stepsFromJson(object.value(QLatin1String("steps")));
                ok = steps.has_value();
                item.steps = steps.value_or(PlanSteps());
            } else {
                ok = object.value(QLatin1String("text")).isString();
                item.text = object.value(QLatin1String("text")).toString();
            }
            // Older files have no "end"; one this version does not know is a
            // mark it cannot show, not a reason to refuse the conversation.
            const QString end = object.value(QLatin1String("end")).toString();
            if (!end.isEmpty())
                item.end = fromName<RunEnd>(kEnds, end).value_or(RunEnd::Completed);
            // A block kept while it still thought (the window closed) thinks no more.
            if (item.kind == Kind::Thinking && item.end == RunEnd::Open)
                item.end = RunEnd::Completed;
            item.thinkingMs = qint64(object.value(QLatin1String("thinkingMs")).toDouble());
            item.expanded = object.value(QLatin1String("expanded")).toBool();
            item.stats = RunStats::fromJson(object.value(QLatin1String("stats")));
            if (ok && item.kind == Kind::User && object.contains(QLatin1String("versions")))
                ok = versionsFromJson(object, &item);
        }
        if (!ok) {
            if (error)
                *error = QCoreApplication::translate("ChatModelJson", "row %1 is not a chat item")
                             .arg(i + 1);
            return std::nullopt;
        }
        result.append(std::move(item));
    }
    return result;
}

QJsonArray chatHistoryJson(const QList<ChatItem> &items, qsizetype maxBytes, qsizetype maxTurns)
{
    QList<QJsonObject> newestFirst;
    qsizetype bytes = 2; // the brackets
    for (auto it = items.crbegin(); it != items.crend() && newestFirst.size() < maxTurns; ++it) {
        if (it->kind != Kind::User && it->kind != Kind::Assistant)
            continue; // plans and errors are this window's view of a run, not turns
        const QJsonObject turn { { QStringLiteral("type"), kKinds[std::size_t(it->kind)] },
            { QStringLiteral("content"), it->text } };
        bytes += QJsonDocument(turn).toJson(QJsonDocument::Compact).size() + 1;
        if (bytes > maxBytes)
            break; // older turns would leave a gap: stop here
        newestFirst.append(turn);
    }
    QJsonArray history;
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it)
        history.append(*it);
    return history;
}

} // namespace rill
