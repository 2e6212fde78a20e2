// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function ChangeProtection(arg1:any,arg2:any,arg3:any):Promise<any>;

export function Create(arg1:any):Promise<any>;

export function Current():Promise<any>;

export function Delete(arg1:any):Promise<any>;

export function GetAutoLock():Promise<any>;

export function KeychainStatus():Promise<any>;

export function List():Promise<any>;

export function Lock():Promise<any>;

export function Lockout(arg1:any):Promise<any>;

export function Rename(arg1:any):Promise<any>;

export function RestoreKeychain(arg1:any):Promise<any>;

export function SetAutoLock(arg1:any):Promise<any>;

export function Touch():Promise<any>;

export function Unlock(arg1:any,arg2:any):Promise<any>;

export function UnlockWithRecovery(arg1:any,arg2:any):Promise<any>;

