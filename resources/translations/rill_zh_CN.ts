<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatModelJson</name>
    <message>
        <location filename="../../ui/widgets/chatmodeljson.cpp" line="154"/>
        <source>row %1 is not a chat item</source>
        <translation>第 %1 行不是聊天条目</translation>
    </message>
</context>
<context>
    <name>CodeBlockChrome</name>
    <message>
        <location filename="../../ui/widgets/codeblockchrome.cpp" line="22"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/codeblockchrome.cpp" line="27"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ConversationFile</name>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="40"/>
        <source>not a Rill conversation (no version)</source>
        <translation>不是 Rill 的对话文件（没有版本号）</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="46"/>
        <source>written by a newer Rill (format version %1)</source>
        <translation>由更新版本的 Rill 写入（格式版本 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="62"/>
        <source>the conversation has no valid id</source>
        <translation>对话没有有效的 id</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="72"/>
        <source>not valid JSON (%1 at byte %2); the file may be truncated or damaged</source>
        <translation>不是有效的 JSON（第 %2 字节处：%1）；文件可能被截断或已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="123"/>
        <source>not a Rill conversation (not a JSON object)</source>
        <translation>不是 Rill 的对话文件（不是 JSON 对象）</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="134"/>
        <source>the conversation has no items</source>
        <translation>对话没有任何条目</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="145"/>
        <source>too large (%1 bytes)</source>
        <translation>文件过大（%1 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="164"/>
        <source>the file ends too early (truncated)</source>
        <translation>文件提前结束（已被截断）</translation>
    </message>
</context>
<context>
    <name>MarkdownExport</name>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="22"/>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="24"/>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="26"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="28"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="46"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="60"/>
        <source>Tool call `%1`, arguments:</source>
        <translation>工具调用 `%1`，参数：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="66"/>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="71"/>
        <source>*The plan was stopped.*</source>
        <translation>*计划已停止。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="73"/>
        <source>*The plan did not finish.*</source>
        <translation>*计划未完成。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="101"/>
        <source>Thought for %1 s</source>
        <translation>思考了 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="103"/>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="112"/>
        <source>*Stopped.*</source>
        <translation>*已停止。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="114"/>
        <source>*Not finished.*</source>
        <translation>*未完成。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="136"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="138"/>
        <source>*Exported from Rill. Started %1.*</source>
        <translation>*从 Rill 导出。开始于 %1。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="147"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="149"/>
        <source>*Version %1 of %2 of this turn; only this one is exported.*</source>
        <translation>*本轮第 %1 版，共 %2 版；只导出了这一版。*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="156"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="169"/>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <location filename="../../ui/widgets/thinkingblock.cpp" line="15"/>
        <source>Thinking… %1 s</source>
        <translation>思考中… %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thinkingblock.cpp" line="16"/>
        <source>Thought for %1 s</source>
        <translation>思考了 %1 秒</translation>
    </message>
</context>
<context>
    <name>rill</name>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="63"/>
        <source>%1 ms to first token</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="64"/>
        <source>~%1 tokens</source>
        <translation>约 %1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="64"/>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="65"/>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="67"/>
        <source>thought %1 s</source>
        <translation>思考 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="69"/>
        <source>(estimated)</source>
        <translation>（估算）</translation>
    </message>
</context>
<context>
    <name>rill::AgentSettings</name>
    <message>
        <location filename="../../ui/widgets/agentsettings.cpp" line="73"/>
        <source>Enter the agent&apos;s command, for example: python3 examples/agents/music_agent.py</source>
        <translation>请输入智能体的命令，例如：python3 examples/agents/music_agent.py</translation>
    </message>
</context>
<context>
    <name>rill::ChatClient</name>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="43"/>
        <source>no data from the server for %1 s</source>
        <translation>服务器 %1 秒内没有发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="176"/>
        <source>The server at %1 does not send Rill&apos;s event stream (it answered with %2). Check the server&apos;s address in Settings.</source>
        <translation>%1 上的服务器没有发送 Rill 的事件流（它的回答是 %2）。请在设置中检查服务器地址。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="178"/>
        <source>no content type</source>
        <translation>无内容类型</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="217"/>
        <source>The server sent an event that is not a JSON object (%1): %2</source>
        <translation>服务器发送的事件不是 JSON 对象（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="273"/>
        <source>The server no longer knows this conversation (it may have restarted). Retry, or send your next message: either starts it again with its history.</source>
        <translation>服务器已不再记得这个对话（它可能重启过）。点“重试”或发送下一条消息，都会带着对话记录重新开始。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="286"/>
        <source>The connection to the server was lost, and it could not be resumed (%1).</source>
        <translation>与服务器的连接已断开，且无法恢复（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="290"/>
        <source>Rill cannot reach the server at %1 (%2). Check that it is running, then retry.</source>
        <translation>Rill 无法连接到 %1 上的服务器（%2）。请确认它正在运行，然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="324"/>
        <source>The server needs a token (401): %1. Enter it in Settings, or start Rill with --connect URL --token TOKEN.</source>
        <translation>服务器需要令牌（401）：%1。请在设置中填写令牌，或用 --connect URL --token TOKEN 启动 Rill。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="327"/>
        <source>The server did not accept the token (401): %1. Check the token in Settings.</source>
        <translation>服务器不接受该令牌（401）：%1。请检查设置中的令牌。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="330"/>
        <source>The server refused this request (403): %1</source>
        <translation>服务器拒绝了此请求（403）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="334"/>
        <source>The server is busy (503): %1. Try again later.</source>
        <translation>服务器繁忙（503）：%1。请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="335"/>
        <source>The server is busy (503): %1. Try again in %2 s.</source>
        <translation>服务器繁忙（503）：%1。请在 %2 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="339"/>
        <source>The server could not take this message (HTTP %1: %2).</source>
        <translation>服务器无法接收这条消息（HTTP %1：%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="346"/>
        <source>The connection to the server was lost (%1).</source>
        <translation>与服务器的连接已断开（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="315"/>
        <source>the stream ended before its done event</source>
        <translation>数据流在收到完成事件前就结束了</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="35"/>
        <source>Your answer could not be sent: %1</source>
        <translation>你的回答未能发出：%1</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="36"/>
        <source>The server did not take your answer (%1): %2</source>
        <translation>服务器没有接受你的回答（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="51"/>
        <source>
… (cut short)</source>
        <translation>
…（已截断）</translation>
    </message>
</context>
<context>
    <name>rill::ChatDelegate</name>
    <message>
        <location filename="../../ui/widgets/chatdelegate.cpp" line="46"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>rill::ConnectionSettings</name>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="41"/>
        <source>Enter the server&apos;s address, for example http://127.0.0.1:8000/</source>
        <translation>请输入服务器地址，例如 http://127.0.0.1:8000/</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="44"/>
        <source>This is not a valid URL: %1</source>
        <translation>这不是有效的网址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="47"/>
        <source>The address must start with http:// or https://</source>
        <translation>地址必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="49"/>
        <source>The address has no host name, for example http://example.com:8000/</source>
        <translation>地址缺少主机名，例如 http://example.com:8000/</translation>
    </message>
</context>
<context>
    <name>rill::ConversationBar</name>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="30"/>
        <source>Use Settings</source>
        <translation>使用设置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="42"/>
        <source>The system prompt of this conversation only</source>
        <translation>仅用于本对话的系统提示词</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="43"/>
        <source>Forget this conversation&apos;s model and system prompt: use Settings&apos;</source>
        <translation>忘记本对话的模型和系统提示词：改用设置中的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="46"/>
        <source>The server uses its own model and settings, not these.</source>
        <translation>服务器使用自己的模型和参数，而不是这里的。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="48"/>
        <source>This server was started with --lock-options: it ignores the model, system prompt and parameters the window asks for. Its own (rill --serve --model, --system, --temperature...) apply.</source>
        <translation>此服务器以 --lock-options 启动：它忽略窗口请求的模型、系统提示词和参数，使用它自己的（rill --serve --model、--system、--temperature……）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="53"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="55"/>
        <source>Settings ▸ Model: the default model, parameters and system prompt</source>
        <translation>设置 ▸ 模型：默认的模型、参数和系统提示词</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="57"/>
        <source>Mo&amp;del:</source>
        <translation>模型(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="90"/>
        <source>The model of this conversation only. Leave it empty to use the one in Settings ▸ Model.</source>
        <translation>仅用于本对话的模型。留空则使用“设置 ▸ 模型”中的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="112"/>
        <source>the server&apos;s default</source>
        <translation>服务器的默认模型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="121"/>
        <source>%1 (from Settings)</source>
        <translation>%1（来自设置）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="122"/>
        <source>The server&apos;s default model</source>
        <translation>服务器的默认模型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="123"/>
        <source>%1 (the server&apos;s)</source>
        <translation>%1（服务器的）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="129"/>
        <source>System prompt: Settings&apos;</source>
        <translation>系统提示词：设置中的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="129"/>
        <source>System prompt: default</source>
        <translation>系统提示词：默认</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="131"/>
        <source>System prompt: none</source>
        <translation>系统提示词：无</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="133"/>
        <source>System prompt: this chat&apos;s</source>
        <translation>系统提示词：本对话的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="135"/>
        <source>The server&apos;s default</source>
        <translation>服务器的默认值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="152"/>
        <source>System Prompt of This Conversation</source>
        <translation>本对话的系统提示词</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="158"/>
        <source>Empty: no system prompt at all in this conversation</source>
        <translation>留空：本对话完全不使用系统提示词</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="162"/>
        <source>Use Settings&apos;</source>
        <translation>使用设置中的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="164"/>
        <source>Sent with every message of this conversation, instead of the default system prompt of Settings ▸ Model.</source>
        <translation>随本对话的每条消息发送，代替“设置 ▸ 模型”中的默认系统提示词。</translation>
    </message>
</context>
<context>
    <name>rill::ConversationKeeper</name>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="124"/>
        <source>The conversation could not be saved: %1</source>
        <translation>无法保存对话：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="143"/>
        <source>The conversation “%1” cannot be opened: %2</source>
        <translation>无法打开对话“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="172"/>
        <source>The conversation could not be deleted: %1</source>
        <translation>无法删除对话：%1</translation>
    </message>
</context>
<context>
    <name>rill::ConversationListModel</name>
    <message>
        <location filename="../../ui/store/conversationlistmodel.cpp" line="47"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationlistmodel.cpp" line="49"/>
        <source>%1
Last message: %2</source>
        <translation>%1
最后一条消息：%2</translation>
    </message>
</context>
<context>
    <name>rill::ConversationSidebar</name>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="45"/>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="46"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="54"/>
        <source>C&amp;onversations</source>
        <translation>对话(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="59"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="94"/>
        <source>Search conversations (Ctrl+K)</source>
        <translation>搜索对话（Ctrl+K）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="95"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="103"/>
        <source>Conversations found</source>
        <translation>找到的对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="223"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="224"/>
        <source>Delete “%1”? This cannot be undone.</source>
        <translation>删除“%1”？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="227"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>rill::ConversationStore</name>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="91"/>
        <source>not a name Rill gives its conversation files</source>
        <translation>不是 Rill 对话文件的命名格式</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="119"/>
        <location filename="../../ui/store/conversationstore.cpp" line="205"/>
        <location filename="../../ui/store/conversationstore.cpp" line="272"/>
        <source>no such conversation</source>
        <translation>没有这个对话</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="172"/>
        <source>invalid conversation id</source>
        <translation>无效的对话 id</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="189"/>
        <source>a title cannot be empty</source>
        <translation>标题不能为空</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="250"/>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
</context>
<context>
    <name>rill::ConversationTransfer</name>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="99"/>
        <source>Co&amp;nversation</source>
        <translation>对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="101"/>
        <source>Export as &amp;Markdown…</source>
        <translation>导出为 &amp;Markdown…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="103"/>
        <source>Save this conversation as a Markdown document, to read or share</source>
        <translation>将此对话保存为 Markdown 文档，便于阅读或分享</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="104"/>
        <source>Export as &amp;JSON…</source>
        <translation>导出为 &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="106"/>
        <source>Save this conversation in Rill&apos;s own file format, to import it elsewhere</source>
        <translation>以 Rill 自己的文件格式保存此对话，以便在别处导入</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="107"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="109"/>
        <source>Add a conversation exported as JSON from Rill (or drop the file onto the window)</source>
        <translation>添加从 Rill 导出的 JSON 对话（也可以把文件拖到窗口上）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="145"/>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="156"/>
        <source>Export as Markdown</source>
        <translation>导出为 Markdown</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="156"/>
        <source>Export as JSON</source>
        <translation>导出为 JSON</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="157"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="157"/>
        <source>Rill conversation (*.json)</source>
        <translation>Rill 对话 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="177"/>
        <source>Import a Conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="178"/>
        <source>Rill conversation (*.json);;All files (*)</source>
        <translation>Rill 对话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="206"/>
        <source>The conversation could not be exported.</source>
        <translation>无法导出此对话。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="216"/>
        <source>The conversation could not be exported to “%1”.</source>
        <translation>无法将此对话导出到“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="222"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="233"/>
        <source>“%1” could not be imported: %2.</source>
        <translation>无法导入“%1”：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="236"/>
        <source>Rill imports the files it writes with Conversation ▸ Export as JSON…. Nothing was changed.</source>
        <translation>Rill 可以导入用“对话 ▸ 导出为 JSON…”写出的文件。没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="240"/>
        <source>Imported “%1”</source>
        <translation>已导入“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="249"/>
        <source>there is no such file</source>
        <translation>没有这个文件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="253"/>
        <source>it is a folder, not a file</source>
        <translation>这是一个文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="257"/>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="272"/>
        <source>it is larger than %1 MB, more than any conversation</source>
        <translation>它大于 %1 MB，比任何对话都大</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="263"/>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="268"/>
        <source>it cannot be read (%1)</source>
        <translation>无法读取它（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="287"/>
        <source>it is a text or Markdown file, and only Rill&apos;s JSON files import</source>
        <translation>这是文本或 Markdown 文件，只能导入 Rill 的 JSON 文件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="306"/>
        <source>Imported conversation</source>
        <translation>导入的对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="310"/>
        <source>it could not be saved (%1)</source>
        <translation>无法保存它（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="352"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
</context>
<context>
    <name>rill::FindBar</name>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="45"/>
        <location filename="../../ui/widgets/findbar.cpp" line="46"/>
        <source>Find in this conversation</source>
        <translation>在此对话中查找</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="51"/>
        <location filename="../../ui/widgets/findbar.cpp" line="223"/>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="54"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="56"/>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="57"/>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="74"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="76"/>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="80"/>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="81"/>
        <source>Close find</source>
        <translation>关闭查找</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="221"/>
        <source>No matches</source>
        <translation>没有匹配</translation>
    </message>
</context>
<context>
    <name>rill::MainWindow</name>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="166"/>
        <source>&amp;Keep Thinking Open</source>
        <translation>保持思考展开(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="44"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="46"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="48"/>
        <source>Streaming</source>
        <translation>正在接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="50"/>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="67"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="127"/>
        <source>&amp;New Chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="130"/>
        <source>Start a new conversation</source>
        <translation>开始新的对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="134"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="146"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="152"/>
        <source>S&amp;top Answer</source>
        <translation>停止回答(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="158"/>
        <source>Show &amp;Sidebar</source>
        <translation>显示侧栏(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="176"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="182"/>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="188"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="210"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>输入消息。按 Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="252"/>
        <source>&amp;Message</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="265"/>
        <source>Editing a question: Enter sends it again, the answers it had stay as the previous version.</source>
        <translation>正在编辑问题：按 Enter 重新发送，原来的回答保留为上一个版本。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="27"/>
        <source>Search &amp;Conversations…</source>
        <translation>搜索对话(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="30"/>
        <source>Find a conversation by its title or what was said in it</source>
        <translation>按标题或内容查找对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="57"/>
        <source>The conversation could not be renamed: %1</source>
        <translation>无法重命名对话：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="258"/>
        <source>%n conversation file(s) could not be read and were skipped: %1</source>
        <translation>
            <numerusform>有 %n 个对话文件无法读取，已跳过：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="264"/>
        <source>Left as they are in %1</source>
        <translation>这些文件原样保留在 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="391"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="391"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="392"/>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="392"/>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="401"/>
        <source>No server</source>
        <translation>未设置服务器</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="401"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
</context>
<context>
    <name>rill::MessageActionBar</name>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="27"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="27"/>
        <source>Copy the message as Markdown (Ctrl+Shift+C)</source>
        <translation>以 Markdown 复制这条消息（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="29"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="29"/>
        <source>Run this turn again (Ctrl+R)</source>
        <translation>重新运行这一轮（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="31"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="31"/>
        <source>Edit the question and resend it (Ctrl+E)</source>
        <translation>编辑问题并重新发送（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="33"/>
        <source>Previous version (Ctrl+[)</source>
        <translation>上一个版本（Ctrl+[）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="38"/>
        <source>Next version (Ctrl+])</source>
        <translation>下一个版本（Ctrl+]）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="40"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="40"/>
        <source>Delete this turn (Ctrl+Delete)</source>
        <translation>删除这一轮（Ctrl+Delete）</translation>
    </message>
</context>
<context>
    <name>rill::MessageActions</name>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="27"/>
        <source>&amp;Copy Message</source>
        <translation>复制消息(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="29"/>
        <source>Copy as &amp;Plain Text</source>
        <translation>复制为纯文本(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="31"/>
        <source>&amp;Regenerate Answer</source>
        <translation>重新生成回答(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="33"/>
        <source>&amp;Edit and Resend</source>
        <translation>编辑并重新发送(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="35"/>
        <source>Pre&amp;vious Version</source>
        <translation>上一个版本(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="37"/>
        <source>Ne&amp;xt Version</source>
        <translation>下一个版本(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="39"/>
        <source>&amp;Delete Turn…</source>
        <translation>删除这一轮(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="191"/>
        <source>Delete Turn</source>
        <translation>删除这一轮</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="192"/>
        <source>Delete this message and its answer? This cannot be undone.</source>
        <translation>删除这条消息及其回答？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>rill::ModelList</name>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="79"/>
        <source>The LLM server at %1 could not be reached (%2). Check that it runs and its URL in Settings ▸ Agent, or type the model&apos;s name.</source>
        <translation>无法连接位于 %1 的 LLM 服务器（%2）。请检查它是否在运行，以及“设置 ▸ 智能体”中的地址，或直接输入模型名称。</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="83"/>
        <source>The LLM server at %1 refused to list its models (%2). Check the API key in Settings ▸ Agent, or type the model&apos;s name.</source>
        <translation>位于 %1 的 LLM 服务器拒绝列出模型（%2）。请检查“设置 ▸ 智能体”中的 API 密钥，或直接输入模型名称。</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="88"/>
        <source>The server at %1 does not list its models (HTTP %2). Type the model&apos;s name.</source>
        <translation>位于 %1 的服务器不提供模型列表（HTTP %2）。请输入模型名称。</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="95"/>
        <source>The server at %1 answered, but not with a list of models. Type the model&apos;s name.</source>
        <translation>位于 %1 的服务器有回应，但不是模型列表。请输入模型名称。</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="106"/>
        <source>The LLM server at %1 lists no models. Type the model&apos;s name.</source>
        <translation>位于 %1 的 LLM 服务器没有列出任何模型。请输入模型名称。</translation>
    </message>
</context>
<context>
    <name>rill::ModelSettingsPage</name>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="27"/>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="68"/>
        <source>Server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="42"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="59"/>
        <source>The server&apos;s default</source>
        <translation>服务器的默认值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="61"/>
        <source>Ask the LLM server again which models it has</source>
        <translation>重新向 LLM 服务器询问它有哪些模型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="64"/>
        <source>0 to 2: lower is more focused, higher more varied</source>
        <translation>0 到 2：越低越集中，越高越多样</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="66"/>
        <source>0 to 1: sample only from the most likely tokens adding up to this</source>
        <translation>0 到 1：只从累计概率达到此值的最可能词元中采样</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="70"/>
        <source>The most tokens an answer may have</source>
        <translation>一个回答最多的词元数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="72"/>
        <source>None: the server&apos;s default. A conversation can set its own in the bar above the chat.</source>
        <translation>无：使用服务器的默认值。每个对话可在聊天上方的栏中设置自己的。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="80"/>
        <source>Mo&amp;del:</source>
        <translation>模型(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="85"/>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="86"/>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="87"/>
        <source>Max t&amp;okens:</source>
        <translation>最大词元数(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="88"/>
        <source>Default s&amp;ystem prompt:</source>
        <translation>默认系统提示词(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="125"/>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 询问模型…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="139"/>
        <source>Models listed by the LLM server: %1.</source>
        <translation>LLM 服务器列出的模型：%1 个。</translation>
    </message>
</context>
<context>
    <name>rill::ModelSource</name>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="11"/>
        <source>A remote Rill server does not list the models of its LLM server. Type the model&apos;s name; the server passes it on to its agent.</source>
        <translation>远程 Rill 服务器不列出其 LLM 服务器的模型。请输入模型名称，服务器会把它转给智能体。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="23"/>
        <source>The process agent has no list of models. A name typed here reaches it in its request&apos;s options.</source>
        <translation>进程智能体没有模型列表。在此输入的名称会随请求的 options 传给它。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="27"/>
        <source>The demo music assistant uses no model and ignores these settings. Choose an OpenAI-compatible LLM server in Settings ▸ Agent to pick one of its models.</source>
        <translation>演示音乐助手不使用模型，会忽略这些设置。在“设置 ▸ 智能体”中选择兼容 OpenAI 的 LLM 服务器，即可从它的模型中挑选。</translation>
    </message>
</context>
<context>
    <name>rill::PlanCardPainter</name>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="115"/>
        <source>Failed · %1</source>
        <translation>失败 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="117"/>
        <source>Stopped · %1</source>
        <translation>已停止 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="122"/>
        <source>Not finished · %1</source>
        <translation>未完成 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="314"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="121"/>
        <source>Finished · %1 done, %2 failed</source>
        <translation>已完成 · %1 成功，%2 失败</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="125"/>
        <source>Waiting for you · %1</source>
        <translation>等待你的确认 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="213"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="289"/>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="214"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="290"/>
        <source>Always</source>
        <translation>始终允许</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="214"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="291"/>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="284"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="285"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>rill::RunNotice</name>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="15"/>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="21"/>
        <source>Send the message again, with the conversation so far</source>
        <translation>带着目前的对话记录重新发送这条消息</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="40"/>
        <source>The connection to the server was lost. Reconnecting…</source>
        <translation>与服务器的连接已断开，正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="55"/>
        <source>The server could not be reached.</source>
        <translation>无法连接到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="58"/>
        <source>The connection to the server was lost.</source>
        <translation>与服务器的连接已断开。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="61"/>
        <source>The server no longer knows this conversation. Retry starts it again with its history.</source>
        <translation>服务器已不再记得这个对话。点“重试”会带着对话记录重新开始。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="66"/>
        <source>The answer failed.</source>
        <translation>回答失败。</translation>
    </message>
</context>
<context>
    <name>rill::SearchResultsModel</name>
    <message>
        <location filename="../../ui/widgets/searchresults.cpp" line="102"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>rill::SettingsDialog</name>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="44"/>
        <source>&amp;Embedded server (on this computer)</source>
        <translation>内置服务器（在本机运行）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="45"/>
        <source>&amp;Remote server</source>
        <translation>远程服务器(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="60"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="73"/>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="185"/>
        <source>Only if the server asks for one</source>
        <translation>仅在服务器要求时填写</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="82"/>
        <source>&amp;URL:</source>
        <translation>地址(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="84"/>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="175"/>
        <source>Demo music assistant</source>
        <translation>演示音乐助手</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="176"/>
        <source>External process (JSON lines)</source>
        <translation>外部进程（JSON 行）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="177"/>
        <source>OpenAI-compatible LLM server</source>
        <translation>兼容 OpenAI 的大模型服务器</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="180"/>
        <source>The server&apos;s default</source>
        <translation>服务器默认值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="187"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="188"/>
        <source>A run fails when the agent is silent for this long</source>
        <translation>智能体沉默超过这么久时，本次运行失败</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="191"/>
        <source>&amp;Agent:</source>
        <translation>智能体(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="192"/>
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="193"/>
        <source>LLM &amp;server:</source>
        <translation>大模型服务器(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="194"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="195"/>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="196"/>
        <source>&amp;Silence timeout:</source>
        <translation>沉默超时(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="200"/>
        <source>&lt;b&gt;Agent of the embedded server&lt;/b&gt;</source>
        <translation>&lt;b&gt;内置服务器的智能体&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="94"/>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="96"/>
        <source>Mode&amp;l</source>
        <translation>模型(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="182"/>
        <source>The model the embedded server asks for when the window asks for none; the window&apos;s own choice is on the Model page.</source>
        <translation>窗口没有指定模型时内置服务器使用的模型；窗口自己的选择在“模型”页。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="142"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspector</name>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="152"/>
        <source>Answer: %1</source>
        <translation>回答：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="91"/>
        <source>Select an event to see its data.</source>
        <translation>选择一个事件以查看其数据。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="131"/>
        <source>Buffered: %1 events in %2 ms after %3 s of silence — the server or a proxy holds events back</source>
        <translation>被缓冲：沉默 %3 秒后，%1 个事件在 %2 毫秒内一起到达——服务器或代理扣住了事件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="139"/>
        <source>Waiting for the first event: %1 s since the request</source>
        <translation>等待第一个事件：距请求已 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="140"/>
        <source>Waiting: no event for %1 s</source>
        <translation>等待中：已 %1 秒没有事件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/streaminspector.cpp" line="144"/>
        <source>Live so far: %n event(s), none held back and sent in a burst</source>
        <translation>
            <numerusform>目前为实时：%n 个事件，没有被扣住后集中发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/streaminspector.cpp" line="145"/>
        <source>Live: %n event(s), none held back and sent in a burst</source>
        <translation>
            <numerusform>实时：%n 个事件，没有被扣住后集中发送</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="147"/>
        <source>No events yet. Send a message: every event of its stream shows here as it arrives.</source>
        <translation>还没有事件。发送一条消息：其事件流中的每个事件到达时都会显示在这里。</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspectorDock</name>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="176"/>
        <source>Stream Inspector</source>
        <translation>事件流检查器</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="188"/>
        <source>Stream &amp;Inspector</source>
        <translation>事件流检查器(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="190"/>
        <source>Show every raw event of the stream with its timing</source>
        <translation>显示事件流中的每个原始事件及其时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="214"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspectorModel</name>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="143"/>
        <source>Arrived in a buffered burst: held back, then sent together with its neighbours</source>
        <translation>在一次缓冲突发中到达：先被扣住，再与相邻事件一起发送</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="170"/>
        <source>Arrival</source>
        <translation>到达时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="172"/>
        <source>t (ms)</source>
        <translation>t（毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="174"/>
        <source>Gap (ms)</source>
        <translation>间隔（毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="176"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="178"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="180"/>
        <source>Size (B)</source>
        <translation>大小（字节）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="182"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="187"/>
        <source>When the event arrived (local time)</source>
        <translation>事件到达的时间（本地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="189"/>
        <source>Milliseconds since the request was sent</source>
        <translation>自发送请求以来的毫秒数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="191"/>
        <source>Milliseconds since the previous event (for the first, since the request)</source>
        <translation>距上一个事件的毫秒数（第一个事件则从请求算起）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="193"/>
        <source>The JSON &quot;type&quot;, or the SSE event field</source>
        <translation>JSON 中的 &quot;type&quot;，或 SSE 的 event 字段</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="195"/>
        <source>The SSE event id (Last-Event-ID)</source>
        <translation>SSE 事件 id（Last-Event-ID）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="197"/>
        <source>Size of the event&apos;s data in bytes (UTF-8)</source>
        <translation>事件数据的大小，单位字节（UTF-8）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="199"/>
        <source>The event&apos;s data; select a row to see it in full</source>
        <translation>事件的数据；选中一行可查看全文</translation>
    </message>
</context>
<context>
    <name>rill::StreamListener</name>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="86"/>
        <source>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</source>
        <translation>%1 返回的 Content-Type 是“%2”，而不是 text/event-stream</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="122"/>
        <source>cannot reach %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="124"/>
        <source>%1 answered HTTP %2%3</source>
        <translation>%1 返回 HTTP %2%3</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="137"/>
        <source>the stream broke: %1</source>
        <translation>数据流中断：%1</translation>
    </message>
</context>
<context>
    <name>rill::ThemeMenu</name>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="12"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="17"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="18"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="19"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="38"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
</context>
<context>
    <name>rill::ToolsSettings</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/toolssettings.cpp" line="22"/>
        <source>ready, %n tool(s)</source>
        <translation>
            <numerusform>就绪，%n 个工具</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="24"/>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="26"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="28"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="43"/>
        <source>Server / tool</source>
        <translation>服务器 / 工具</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="43"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="66"/>
        <source>Switched-off tools are not offered to the model. A tool the configuration does not trust asks before each call.</source>
        <translation>关闭的工具不会提供给模型。配置中未受信任的工具每次调用前都会先询问。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="68"/>
        <source>No MCP servers. Start Rill with --mcp-config FILE to give the model tools.</source>
        <translation>没有 MCP 服务器。用 --mcp-config FILE 启动 Rill，模型才有工具可用。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="83"/>
        <source>trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="83"/>
        <source>asks first</source>
        <translation>先询问</translation>
    </message>
</context>
</TS>
