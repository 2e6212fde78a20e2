// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Archive(arg1:any,arg2:any):Promise<any>;

export function Create(arg1:any):Promise<any>;

export function List(arg1:any):Promise<any>;

export function Update(arg1:any):Promise<any>;

