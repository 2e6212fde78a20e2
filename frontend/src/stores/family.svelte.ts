// Family mode for the open profile: the children it supervises (a guardian)
// and its own rules with who set them (a child).
import * as api from '../api';
import type { AdoptRequest, CreateChildRequest, FamilyChatLine, FamilyChild, FamilyPolicy, FamilyRules } from '../api';

export class FamilyStore {
  children = $state<FamilyChild[]>([]);
  rules = $state<FamilyRules | undefined>(undefined);
  loaded = $state(false);

  async load(): Promise<void> {
    const s = await api.family.status();
    this.children = s.children;
    this.rules = s.rules;
    this.loaded = true;
  }

  reset(): void {
    this.children = [];
    this.rules = undefined;
    this.loaded = false;
  }

  /** Creates a child profile; returns its recovery key, to show once. */
  async createChild(req: CreateChildRequest): Promise<string> {
    const r = await api.family.createChild(req);
    await this.load();
    return r.recoveryKey;
  }

  async setPolicy(child: string, p: FamilyPolicy): Promise<void> {
    const c = await api.family.setPolicy(child, p);
    this.children = this.children.map((x) => (x.id === child ? c : x));
  }

  resetPin(child: string, pin: string): Promise<void> {
    return api.family.resetPin(child, pin);
  }

  /** A child's saved chats, if reading them was chosen at set-up. */
  readChats(child: string): Promise<FamilyChatLine[]> {
    return api.family.readChats(child);
  }

  /** Takes over supervision of an existing profile, with that person's own secret. */
  async adopt(req: AdoptRequest): Promise<void> {
    await api.family.adopt(req);
    await this.load();
  }

  /** Hands child to the guardian profile next, with that guardian's own secret. */
  async handover(child: string, next: string, nextSecret: string): Promise<void> {
    await api.family.handover(child, next, nextSecret);
    this.children = this.children.filter((x) => x.id !== child);
  }

  async release(child: string): Promise<void> {
    await api.family.release(child);
    this.children = this.children.filter((x) => x.id !== child);
  }
}
