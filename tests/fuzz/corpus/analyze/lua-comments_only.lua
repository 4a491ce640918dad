-- A file of comments only.
--[[ a block comment
     over three lines ]]

--[==[ a long-bracket comment
  with ]] inside
]==]
---@meta LuaLS annotation
