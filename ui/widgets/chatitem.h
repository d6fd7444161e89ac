#pragma once

#include "server/protocol/runstats.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace rill {

enum class StepState { Pending, Running, Done, Failed };

// One line of a plan card.
struct PlanStep
{
    QString title;
    StepState state = StepState::Pending;
    QString detail;
    // A tool call's: its name, its arguments (JSON text, indented) and its
    // result once it ended. Empty for the steps of other plans.
    QString tool = {};
    QString arguments = {};
    QString result = {};
    // Set while the call waits for Allow / Always / Deny; not kept on disk.
    QString approvalCallId = {};
    bool expanded = false; // shows the arguments and result

    bool hasToolDetail() const { return !tool.isEmpty(); }

    friend bool operator==(const PlanStep &, const PlanStep &) = default;
};

using PlanSteps = QList<PlanStep>;

// How the run an answer or a plan belongs to ended, for the marks on them.
enum class RunEnd {
    Completed, // or not known: rows kept before this was recorded
    Open, // still under way
    Stopped, // by the user
    Failed, // an error ended it: the server, the agent or the connection
};

// One row of the chat.
struct ChatItem
{
    // Thinking: a model's reasoning, a block above its answer.
    enum class Kind { User, Assistant, Plan, Error, Thinking };

    Kind kind = Kind::User;
    // plain for User and Error, markdown for Assistant and Thinking, empty for Plan
    QString text;
    PlanSteps steps; // Plan only
    RunEnd end = RunEnd::Completed; // Assistant, Plan and Thinking (Open: still thinking)
    qint64 thinkingMs = 0; // Thinking: how long it thought (set when the answer starts)
    bool expanded = false; // Thinking: shows the reasoning, not only its header
    std::optional<RunStats> stats {}; // Assistant: the answer's figures, when known
    // User only: the versions of the conversation from this turn on, when it
    // was regenerated or edited. Each is the rows from this user message to
    // the end, as they were; the one shown is the rows on screen, so its
    // entry (versions[shownVersion]) is left empty. No versions: only one.
    QList<QList<ChatItem>> versions = {};
    int shownVersion = 0;
};

} // namespace rill

Q_DECLARE_METATYPE(rill::PlanStep)
Q_DECLARE_METATYPE(rill::PlanSteps)
