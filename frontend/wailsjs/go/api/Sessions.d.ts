// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Create(arg1:any):Promise<any>;

export function Delete(arg1:any,arg2:any):Promise<any>;

export function List(arg1:any,arg2:any,arg3:any):Promise<any>;

export function Messages(arg1:any,arg2:any):Promise<any>;

export function Rename(arg1:any,arg2:any,arg3:any):Promise<any>;

export function Search(arg1:any,arg2:any):Promise<any>;

