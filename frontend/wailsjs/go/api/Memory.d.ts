// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Add(arg1:any,arg2:any,arg3:any,arg4:any):Promise<any>;

export function Counts():Promise<any>;

export function Forget(arg1:any,arg2:any):Promise<any>;

export function ForgetAll():Promise<any>;

export function ForgetModule(arg1:any):Promise<any>;

export function History(arg1:any,arg2:any):Promise<any>;

export function List(arg1:any,arg2:any):Promise<any>;

export function Share(arg1:any,arg2:any):Promise<any>;

export function Undo(arg1:any,arg2:any):Promise<any>;

export function Unshare(arg1:any):Promise<any>;

export function Update(arg1:any,arg2:any,arg3:any,arg4:any,arg5:any):Promise<any>;

