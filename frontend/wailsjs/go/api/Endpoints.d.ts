// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Add(arg1:any,arg2:any,arg3:any,arg4:any):Promise<any>;

export function Default():Promise<any>;

export function List():Promise<any>;

export function Models(arg1:any):Promise<any>;

export function Remove(arg1:any):Promise<any>;

export function SetDefault(arg1:any):Promise<any>;

export function SetKey(arg1:any,arg2:any):Promise<any>;

export function Status():Promise<any>;

export function Suggestions():Promise<any>;

export function Test(arg1:any):Promise<any>;

export function Update(arg1:any,arg2:any,arg3:any,arg4:any):Promise<any>;

