export namespace api {
	
	export class AddRequest {
	    moduleId: string;
	    shared: boolean;
	    sensitive: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AddRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.moduleId = source["moduleId"];
	        this.shared = source["shared"];
	        this.sensitive = source["sensitive"];
	    }
	}
	export class AddResult {
	    document: docs.Document;
	    canceled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AddResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], docs.Document);
	        this.canceled = source["canceled"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PolicyDTO {
	    modules: string[];
	    endpoints: string[];
	    models: string[];
	    memory: boolean;
	    quiet: string;
	    daily: number;
	    instruction: string;
	    temporary: boolean;
	    guardianReads: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PolicyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.modules = source["modules"];
	        this.endpoints = source["endpoints"];
	        this.models = source["models"];
	        this.memory = source["memory"];
	        this.quiet = source["quiet"];
	        this.daily = source["daily"];
	        this.instruction = source["instruction"];
	        this.temporary = source["temporary"];
	        this.guardianReads = source["guardianReads"];
	    }
	}
	export class AdoptRequest {
	    profile: string;
	    secret: string;
	    policy: PolicyDTO;
	
	    static createFrom(source: any = {}) {
	        return new AdoptRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.secret = source["secret"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatLineDTO {
	    module: string;
	    session: string;
	    title: string;
	    role: string;
	    content: string;
	
	    static createFrom(source: any = {}) {
	        return new ChatLineDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.module = source["module"];
	        this.session = source["session"];
	        this.title = source["title"];
	        this.role = source["role"];
	        this.content = source["content"];
	    }
	}
	export class ChildDTO {
	    id: string;
	    name: string;
	    missing: boolean;
	    policy: PolicyDTO;
	    rules: string[];
	
	    static createFrom(source: any = {}) {
	        return new ChildDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.missing = source["missing"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	        this.rules = source["rules"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CreateChildRequest {
	    name: string;
	    color: string;
	    protection: string;
	    secret: string;
	    policy: PolicyDTO;
	
	    static createFrom(source: any = {}) {
	        return new CreateChildRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.color = source["color"];
	        this.protection = source["protection"];
	        this.secret = source["secret"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CreateRequest {
	    name: string;
	    color: string;
	    emoji: string;
	    protection: string;
	    secret: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.color = source["color"];
	        this.emoji = source["emoji"];
	        this.protection = source["protection"];
	        this.secret = source["secret"];
	    }
	}
	export class ProfileDTO {
	    id: string;
	    name: string;
	    color: string;
	    emoji: string;
	    protection: string;
	    createdAt: number;
	    isOpen: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProfileDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.color = source["color"];
	        this.emoji = source["emoji"];
	        this.protection = source["protection"];
	        this.createdAt = source["createdAt"];
	        this.isOpen = source["isOpen"];
	    }
	}
	export class CreateResult {
	    profile: ProfileDTO;
	    recoveryKey: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = this.convertValues(source["profile"], ProfileDTO);
	        this.recoveryKey = source["recoveryKey"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeleteReport {
	    profileName: string;
	    removedFiles: string[];
	    removedKeychainItems: string[];
	
	    static createFrom(source: any = {}) {
	        return new DeleteReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileName = source["profileName"];
	        this.removedFiles = source["removedFiles"];
	        this.removedKeychainItems = source["removedKeychainItems"];
	    }
	}
	export class EmbeddingStatus {
	    model: string;
	    endpointId: string;
	    done: number;
	    total: number;
	    running: boolean;
	    offline: boolean;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new EmbeddingStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model = source["model"];
	        this.endpointId = source["endpointId"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.running = source["running"];
	        this.offline = source["offline"];
	        this.problem = source["problem"];
	    }
	}
	export class ExportRequest {
	    format: string;
	    moduleId: string;
	    path: string;
	    passphrase: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.moduleId = source["moduleId"];
	        this.path = source["path"];
	        this.passphrase = source["passphrase"];
	    }
	}
	export class ExportResult {
	    path: string;
	    modules: number;
	    sessions: number;
	    messages: number;
	    memories: number;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.modules = source["modules"];
	        this.sessions = source["sessions"];
	        this.messages = source["messages"];
	        this.memories = source["memories"];
	        this.bytes = source["bytes"];
	    }
	}
	export class RulesDTO {
	    guardianName: string;
	    policy: PolicyDTO;
	    rules: string[];
	    sentToday: number;
	
	    static createFrom(source: any = {}) {
	        return new RulesDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.guardianName = source["guardianName"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	        this.rules = source["rules"];
	        this.sentToday = source["sentToday"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FamilyStatus {
	    children: ChildDTO[];
	    rules?: RulesDTO;
	
	    static createFrom(source: any = {}) {
	        return new FamilyStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.children = this.convertValues(source["children"], ChildDTO);
	        this.rules = this.convertValues(source["rules"], RulesDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportProfileRequest {
	    path: string;
	    passphrase: string;
	    name: string;
	    color: string;
	    emoji: string;
	    protection: string;
	    secret: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportProfileRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.passphrase = source["passphrase"];
	        this.name = source["name"];
	        this.color = source["color"];
	        this.emoji = source["emoji"];
	        this.protection = source["protection"];
	        this.secret = source["secret"];
	    }
	}
	export class ImportResult {
	    modules: number;
	    sessions: number;
	    messages: number;
	    memories: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.modules = source["modules"];
	        this.sessions = source["sessions"];
	        this.messages = source["messages"];
	        this.memories = source["memories"];
	    }
	}
	export class ImportProfileResult {
	    profile: ProfileDTO;
	    recoveryKey: string;
	    imported: ImportResult;
	
	    static createFrom(source: any = {}) {
	        return new ImportProfileResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = this.convertValues(source["profile"], ProfileDTO);
	        this.recoveryKey = source["recoveryKey"];
	        this.imported = this.convertValues(source["imported"], ImportResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class KeychainState {
	    available: boolean;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new KeychainState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.reason = source["reason"];
	    }
	}
	export class LockoutState {
	    failures: number;
	    waitSeconds: number;
	
	    static createFrom(source: any = {}) {
	        return new LockoutState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.failures = source["failures"];
	        this.waitSeconds = source["waitSeconds"];
	    }
	}
	export class PINStrength {
	    minLength: number;
	    tooShort: boolean;
	    alphabet: number;
	    averageSeconds: number;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new PINStrength(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.minLength = source["minLength"];
	        this.tooShort = source["tooShort"];
	        this.alphabet = source["alphabet"];
	        this.averageSeconds = source["averageSeconds"];
	        this.text = source["text"];
	    }
	}
	
	
	export class RecoveryResult {
	    profile: ProfileDTO;
	    canRestoreKeychain: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RecoveryResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = this.convertValues(source["profile"], ProfileDTO);
	        this.canRestoreKeychain = source["canRestoreKeychain"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SendRequest {
	    moduleId: string;
	    sessionId: string;
	    temporary: boolean;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new SendRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.moduleId = source["moduleId"];
	        this.sessionId = source["sessionId"];
	        this.temporary = source["temporary"];
	        this.text = source["text"];
	    }
	}
	export class SendResult {
	    turnId: string;
	    sessionId: string;
	    userMessage: chat.Message;
	
	    static createFrom(source: any = {}) {
	        return new SendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.turnId = source["turnId"];
	        this.sessionId = source["sessionId"];
	        this.userMessage = this.convertValues(source["userMessage"], chat.Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StatusDTO {
	    id: string;
	    online: boolean;
	    state: string;
	    message: string;
	    checkedAt: number;
	    checking: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StatusDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.online = source["online"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.checkedAt = source["checkedAt"];
	        this.checking = source["checking"];
	    }
	}
	export class TestResult {
	    ok: boolean;
	    message: string;
	    state: string;
	    models: string[];
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.state = source["state"];
	        this.models = source["models"];
	    }
	}
	export class TurnRef {
	    turnId: string;
	    sessionId: string;
	
	    static createFrom(source: any = {}) {
	        return new TurnRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.turnId = source["turnId"];
	        this.sessionId = source["sessionId"];
	    }
	}

}

export namespace chat {
	
	export class Hit {
	    sessionId: string;
	    sessionTitle: string;
	    moduleId: string;
	    messageId: string;
	    role: string;
	    snippet: string;
	    score: number;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sessionId = source["sessionId"];
	        this.sessionTitle = source["sessionTitle"];
	        this.moduleId = source["moduleId"];
	        this.messageId = source["messageId"];
	        this.role = source["role"];
	        this.snippet = source["snippet"];
	        this.score = source["score"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Message {
	    id: string;
	    sessionId: string;
	    moduleId: string;
	    role: string;
	    content: string;
	    status: string;
	    error?: string;
	    model?: string;
	    promptTokens: number;
	    completionTokens: number;
	    usedMemories: string[];
	    heldBack: number;
	    usedPassages?: string[];
	    reasoning?: string;
	    truncated?: boolean;
	    keywordsOnly?: boolean;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sessionId = source["sessionId"];
	        this.moduleId = source["moduleId"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.model = source["model"];
	        this.promptTokens = source["promptTokens"];
	        this.completionTokens = source["completionTokens"];
	        this.usedMemories = source["usedMemories"];
	        this.heldBack = source["heldBack"];
	        this.usedPassages = source["usedPassages"];
	        this.reasoning = source["reasoning"];
	        this.truncated = source["truncated"];
	        this.keywordsOnly = source["keywordsOnly"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Session {
	    id: string;
	    moduleId: string;
	    title: string;
	    createdAt: number;
	    updatedAt: number;
	    temporary: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Session(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.moduleId = source["moduleId"];
	        this.title = source["title"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.temporary = source["temporary"];
	    }
	}

}

export namespace docs {
	
	export class Document {
	    id: string;
	    scope: string;
	    originModule: string;
	    name: string;
	    kind: string;
	    sensitivity: string;
	    bytes: number;
	    pages: number;
	    chunks: number;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.scope = source["scope"];
	        this.originModule = source["originModule"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.sensitivity = source["sensitivity"];
	        this.bytes = source["bytes"];
	        this.pages = source["pages"];
	        this.chunks = source["chunks"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Passage {
	    id: string;
	    documentId: string;
	    documentName: string;
	    scope: string;
	    page?: number;
	    heading?: string;
	    text: string;
	    sensitive: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Passage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.documentId = source["documentId"];
	        this.documentName = source["documentName"];
	        this.scope = source["scope"];
	        this.page = source["page"];
	        this.heading = source["heading"];
	        this.text = source["text"];
	        this.sensitive = source["sensitive"];
	    }
	}

}

export namespace doctor {
	
	export class Result {
	    name: string;
	    ok: boolean;
	    skip: boolean;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.ok = source["ok"];
	        this.skip = source["skip"];
	        this.detail = source["detail"];
	    }
	}

}

export namespace llm {
	
	export class Endpoint {
	    id: string;
	    name: string;
	    baseUrl: string;
	    defaultModel: string;
	    hasApiKey: boolean;
	    local: boolean;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Endpoint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.baseUrl = source["baseUrl"];
	        this.defaultModel = source["defaultModel"];
	        this.hasApiKey = source["hasApiKey"];
	        this.local = source["local"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Suggestion {
	    name: string;
	    baseUrl: string;
	    local: boolean;
	    needKey: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Suggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.baseUrl = source["baseUrl"];
	        this.local = source["local"];
	        this.needKey = source["needKey"];
	    }
	}

}

export namespace memory {
	
	export class Change {
	    seq: number;
	    memoryId: string;
	    action: string;
	    oldText: string;
	    newText: string;
	    oldScope: string;
	    newScope: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new Change(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.memoryId = source["memoryId"];
	        this.action = source["action"];
	        this.oldText = source["oldText"];
	        this.newText = source["newText"];
	        this.oldScope = source["oldScope"];
	        this.newScope = source["newScope"];
	        this.at = source["at"];
	    }
	}
	export class Health {
	    moduleId: string;
	    failures: number;
	    lastFailureKind: string;
	    lastFailureAt: number;
	    lastSuccessAt: number;
	    failing: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Health(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.moduleId = source["moduleId"];
	        this.failures = source["failures"];
	        this.lastFailureKind = source["lastFailureKind"];
	        this.lastFailureAt = source["lastFailureAt"];
	        this.lastSuccessAt = source["lastSuccessAt"];
	        this.failing = source["failing"];
	    }
	}
	export class Memory {
	    id: string;
	    scope: string;
	    originModule: string;
	    text: string;
	    kind: string;
	    sensitivity: string;
	    sourceSession?: string;
	    sourceMessage?: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Memory(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.scope = source["scope"];
	        this.originModule = source["originModule"];
	        this.text = source["text"];
	        this.kind = source["kind"];
	        this.sensitivity = source["sensitivity"];
	        this.sourceSession = source["sourceSession"];
	        this.sourceMessage = source["sourceMessage"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}

}

export namespace module {
	
	export class Policy {
	    useMemory: boolean;
	    writeMemory: boolean;
	    readShared: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Policy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.useMemory = source["useMemory"];
	        this.writeMemory = source["writeMemory"];
	        this.readShared = source["readShared"];
	    }
	}
	export class Module {
	    id: string;
	    name: string;
	    icon: string;
	    description: string;
	    systemPrompt: string;
	    endpointId: string;
	    model: string;
	    temperature: number;
	    reasoningEffort: string;
	    policy: Policy;
	    builtin: boolean;
	    archived: boolean;
	    sortOrder: number;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Module(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.icon = source["icon"];
	        this.description = source["description"];
	        this.systemPrompt = source["systemPrompt"];
	        this.endpointId = source["endpointId"];
	        this.model = source["model"];
	        this.temperature = source["temperature"];
	        this.reasoningEffort = source["reasoningEffort"];
	        this.policy = this.convertValues(source["policy"], Policy);
	        this.builtin = source["builtin"];
	        this.archived = source["archived"];
	        this.sortOrder = source["sortOrder"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

