package data

// The demo library: its departments, people, vendors, systems and the
// requests it files. Everything here is fictional.

type demoDept struct {
	name string
	kind DeptKind
}

var demoDepts = []demoDept{
	{"信息管理部", DeptIT}, {"流通部", DeptBusiness}, {"采编部", DeptBusiness},
	{"数字资源部", DeptBusiness}, {"参考咨询部", DeptBusiness}, {"少儿阅览部", DeptBusiness},
	{"财务部", DeptFinance}, {"馆办公室", DeptManagement},
}

type demoUser struct {
	username, name, dept, phone string
	roles                       []Role
}

// DemoPassword is the password of every demo account.
const DemoPassword = "demo"

var demoUsers = []demoUser{
	{"admin", "赵敏", "信息管理部", "8001", []Role{RoleAdmin}},
	{"director", "王建国", "信息管理部", "8002", []Role{RoleITDirector}},
	{"sysadmin", "李明", "信息管理部", "8003", []Role{RoleSysadmin}},
	{"sysadmin2", "周涛", "信息管理部", "8004", []Role{RoleSysadmin}},
	{"dataadmin", "陈静", "信息管理部", "8005", []Role{RoleDataAdmin}},
	{"head", "刘洋", "流通部", "8101", []Role{RoleDeptHead}},
	{"staff", "张丽", "流通部", "8102", []Role{RoleStaff}},
	{"head2", "孙伟", "采编部", "8201", []Role{RoleDeptHead}},
	{"staff2", "吴芳", "采编部", "8202", []Role{RoleStaff}},
	{"head3", "马超", "数字资源部", "8301", []Role{RoleDeptHead}},
	{"staff3", "黄蕾", "数字资源部", "8302", []Role{RoleStaff}},
	{"head4", "何婷", "参考咨询部", "8401", []Role{RoleDeptHead}},
	{"staff4", "郭强", "参考咨询部", "8402", []Role{RoleStaff}},
	{"head5", "林晓", "少儿阅览部", "8501", []Role{RoleDeptHead}},
	{"staff5", "罗佳", "少儿阅览部", "8502", []Role{RoleStaff}},
	{"finance", "钱晓东", "财务部", "8601", []Role{RoleFinanceManager}},
	{"accountant", "郑云", "财务部", "8602", []Role{RoleAccountant}},
	{"leader", "冯志远", "馆办公室", "8701", []Role{RoleManagement}},
}

var demoVendors = []Vendor{
	{Name: "华图信息科技有限公司", Contact: "黄志强", Phone: "020-3888 1234", Email: "support@huatu.example.cn", ContractNo: "HT-2021-017"},
	{Name: "书联智能设备有限公司", Contact: "彭丽", Phone: "0755-8666 2301", Email: "service@shulian.example.cn", ContractNo: "SL-2022-005"},
	{Name: "博阅数字资源有限公司", Contact: "唐军", Phone: "010-6288 5566", Email: "kf@boyue.example.cn", ContractNo: "BY-2023-032"},
	{Name: "安捷门禁系统有限公司", Contact: "许敏", Phone: "021-5433 7788", Email: "help@anjie.example.cn", ContractNo: "AJ-2020-011"},
	{Name: "云馆网络科技有限公司", Contact: "蒋涛", Phone: "0571-8765 4321", Email: "cs@yunguan.example.cn", ContractNo: "YG-2024-003"},
}

type demoSystem struct {
	name, code, vendor, owner string
	// versions is the history, oldest first, with effective dates.
	versions [][2]string
	desc     string
}

var demoSystems = []demoSystem{
	{"图书馆集成管理系统", "ILS", "华图信息科技有限公司", "流通部",
		[][2]string{{"V3.0.2", "2019-07-01"}, {"V3.1.0", "2021-03-15"}, {"V3.2.4", "2023-08-20"}},
		"采访、编目、流通、典藏、期刊、OPAC 一体化的核心业务系统。"},
	{"RFID 自助借还系统", "SSC", "书联智能设备有限公司", "流通部",
		[][2]string{{"2.1.0", "2020-05-10"}, {"2.3.1", "2022-11-02"}},
		"一楼大厅与各阅览室的 12 台自助借还机及安全门。"},
	{"数字资源发现系统", "DISC", "博阅数字资源有限公司", "数字资源部",
		[][2]string{{"5.0", "2021-09-01"}, {"5.2 SP1", "2024-01-10"}},
		"中外文电子资源统一检索与全文链接。"},
	{"门禁与客流统计系统", "GATE", "安捷门禁系统有限公司", "流通部",
		[][2]string{{"V1.8", "2018-04-20"}, {"V2.0.3", "2022-06-18"}},
		"读者证刷卡入馆、访客登记与实时客流统计。"},
	{"座位预约系统", "SEAT", "云馆网络科技有限公司", "流通部",
		[][2]string{{"1.2.0", "2023-02-01"}, {"1.4.2", "2024-09-09"}},
		"自习室与研讨间的在线预约、签到与违约管理。"},
	{"电子资源远程访问系统", "VPN", "博阅数字资源有限公司", "数字资源部",
		[][2]string{{"3.6", "2020-10-12"}, {"4.1", "2023-05-05"}},
		"校外读者经身份认证后访问已购电子资源。"},
	{"图书馆网站与微信服务平台", "WEB", "云馆网络科技有限公司", "信息管理部",
		[][2]string{{"2022.1", "2022-01-20"}, {"2024.2", "2024-07-01"}},
		"门户网站、微信公众号、读者证在线办理与续借。"},
	{"少儿数字阅读平台", "KIDS", "博阅数字资源有限公司", "少儿阅览部",
		[][2]string{{"1.0.5", "2023-06-01"}},
		"面向少儿读者的绘本阅读、有声书与阅读打卡。"},
}

// demoRequest is a template of a request.
type demoRequest struct {
	system, dept, title, kind, urgency, source string
	content, problem, impact                   string
}

var demoRequests = []demoRequest{
	{"图书馆集成管理系统", "流通部", "流通模块增加挂失证借书拦截与批量续借", "feature", "routine", "business",
		"在借还书界面对已挂失、已注销的读者证给出醒目提示并禁止借书；支持按读者一次性续借全部在借图书，并可设置续借次数上限。",
		"目前挂失证仍可在人工台借书，存在图书流失风险；批量续借需要逐本操作，高峰期读者排队时间长。",
		"影响流通部全部人工借还业务，每天约 1,500 笔借还。"},
	{"图书馆集成管理系统", "采编部", "编目模块支持 RDA 字段与 CNMARC 新版规范", "vendor", "routine", "vendor",
		"升级编目模块以支持 CNMARC 2023 修订版字段及 RDA 著录要素，批量校验存量书目数据。",
		"新版规范发布后，套录的书目数据部分字段无法保存，需人工删改。",
		"影响采编部日常编目，每月约 3,000 种新书。"},
	{"图书馆集成管理系统", "信息管理部", "修复 OPAC 检索注入漏洞（厂商安全公告）", "security", "urgent", "vendor",
		"按厂商安全公告安装补丁，修复 OPAC 高级检索参数未过滤导致的 SQL 注入风险。",
		"外部安全扫描发现 OPAC 存在高危漏洞，可能导致读者数据泄露。",
		"OPAC 面向公众开放，漏洞修复前存在数据安全风险。"},
	{"RFID 自助借还系统", "流通部", "自助借还机固件升级以支持电子读者证", "feature", "routine", "business",
		"升级自助借还机固件和客户端，支持微信电子读者证二维码借还。",
		"越来越多读者使用电子读者证，现有设备只能识别实体卡。",
		"影响 12 台自助设备，约占全馆借还量的 60%。"},
	{"RFID 自助借还系统", "流通部", "修复安全门误报与漏报问题", "bugfix", "urgent", "business",
		"更新安全门检测算法参数与固件，解决雨天及人流密集时的误报和漏报。",
		"近一个月安全门误报每日 30 次以上，且有漏报，影响读者体验与馆藏安全。",
		"影响一楼主出入口，读者投诉增多。"},
	{"数字资源发现系统", "数字资源部", "发现系统升级以整合新订购数据库", "vendor", "routine", "vendor",
		"升级发现系统至新版本，增加新订购的 4 个外文数据库元数据与全文链接。",
		"新订购资源无法在统一检索中找到，读者需要分别登录各数据库。",
		"影响全部电子资源用户，订购资源使用率偏低。"},
	{"数字资源发现系统", "参考咨询部", "检索结果增加按被引次数排序", "feature", "routine", "business",
		"在检索结果页增加“按被引次数排序”和“仅显示核心期刊”筛选。",
		"参考咨询部为读者做课题检索时需要手工比较文献影响力，效率低。",
		"影响参考咨询服务，每月约 200 个课题咨询。"},
	{"门禁与客流统计系统", "流通部", "门禁系统对接新读者证号段", "bugfix", "urgent", "business",
		"更新门禁读卡规则，识别今年起启用的新读者证号段。",
		"新办读者证无法刷卡入馆，需人工登记放行。",
		"影响所有新办证读者，每日约 80 人次。"},
	{"门禁与客流统计系统", "信息管理部", "门禁服务器操作系统安全补丁", "security", "routine", "tech",
		"为门禁服务器安装操作系统累积安全更新并升级数据库客户端。",
		"操作系统已停止安全支持一年，存在已知漏洞。",
		"升级需短暂停用门禁，改为人工放行约 30 分钟。"},
	{"座位预约系统", "流通部", "座位预约增加违约信用分与暑期模式", "feature", "routine", "business",
		"增加违约信用分规则和暑期开放时间模板，支持按日期批量调整可预约时段。",
		"暑期开放时间调整需逐日修改；恶意占座缺少约束手段。",
		"影响自习室 420 个座位的预约管理。"},
	{"电子资源远程访问系统", "数字资源部", "远程访问系统支持统一身份认证", "vendor", "routine", "tech",
		"升级远程访问系统，对接统一身份认证平台，取消单独账号。",
		"读者需记住单独的远程访问账号密码，找回密码咨询量大。",
		"影响所有馆外访问电子资源的读者。"},
	{"图书馆网站与微信服务平台", "参考咨询部", "微信平台增加在线咨询与预约讲座", "feature", "routine", "business",
		"在微信服务平台增加在线咨询入口与讲座预约、签到功能。",
		"讲座报名靠电话登记，统计困难；咨询渠道分散。",
		"影响参考咨询部与活动推广工作。"},
	{"图书馆网站与微信服务平台", "信息管理部", "网站内容管理系统版本升级", "vendor", "routine", "vendor",
		"将门户网站内容管理系统升级至供应商新版本，更换停止维护的组件。",
		"旧版组件停止维护，后台编辑器在新浏览器中无法使用。",
		"影响网站信息发布，需要在闭馆日进行迁移。"},
	{"少儿数字阅读平台", "少儿阅览部", "少儿阅读平台增加家长端与阅读报告", "feature", "routine", "business",
		"增加家长端账号绑定、阅读时长统计和月度阅读报告。",
		"家长无法了解孩子在馆内平台的阅读情况，活动反馈难收集。",
		"影响少儿阅览部约 3,000 名注册少儿读者。"},
	{"图书馆集成管理系统", "采编部", "期刊记到模块修复预测错误", "bugfix", "routine", "business",
		"修复期刊记到模块对双月刊、合刊的到刊预测错误，并提供批量更正工具。",
		"约 15% 的期刊预测错误，需人工逐条调整。",
		"影响采编部期刊组日常记到与催缺。"},
	{"RFID 自助借还系统", "信息管理部", "自助借还客户端 TLS 组件更新", "security", "routine", "tech",
		"更新自助借还客户端与服务端之间的 TLS 组件，停用旧协议。",
		"安全检查发现设备仍使用已淘汰的 TLS 1.0。",
		"需逐台更新客户端，分批进行不影响开放。"},
}
