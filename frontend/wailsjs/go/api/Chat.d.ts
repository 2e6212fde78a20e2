// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Continue(arg1:any,arg2:any):Promise<any>;

export function Regenerate(arg1:any,arg2:any):Promise<any>;

export function Send(arg1:any):Promise<any>;

export function Stop(arg1:any):Promise<any>;

export function UsedMemories(arg1:any,arg2:any):Promise<any>;

